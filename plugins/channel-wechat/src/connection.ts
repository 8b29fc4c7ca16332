import { secret } from '@touchpoint/plugin-sdk';
import { z } from 'zod';

/** What a tenant copies from the WeChat Official Account admin (公众平台 → 设置与开发 → 基本配置). */
export const WeChatConnection = z.object({
  appId: z.string().trim().min(1).max(64).describe('AppID (开发者ID), e.g. wx1234567890abcdef'),
  appSecret: secret(z.string().trim().min(1).max(128)).describe('AppSecret (开发者密码)'),
  token: secret(z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'the server-config token is 3 to 32 letters or digits')).describe(
    'Token (令牌) of the server configuration (服务器配置); WeChat signs every push with it',
  ),
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.weixin.qq.com').describe('The WeChat API; change it only for a proxy or a test server'),
  templateId: z.string().trim().min(1).max(128).optional().describe('The template message used when sendTemplate names none'),
  maxSignatureAgeSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(300)
    .describe('Refuse pushes whose signed timestamp is further than this from now (0: do not check). The signature does not cover the body, so this limits replays.'),
});
export type WeChatConnection = z.output<typeof WeChatConnection>;
