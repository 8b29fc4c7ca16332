import { defineAction, SendInput } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { WebhookConnection } from './connection.ts';
import { postSigned } from './deliver.ts';

export const DeliveryOutput = z.object({
  status: z.number().int().describe("The receiver's HTTP status (2xx)"),
  body: z.unknown().optional().describe("The receiver's answer: parsed JSON when it says JSON, else text; absent when empty"),
});

/** A message from a touchpoint or survey, POSTed as `{ type: 'message', caseId, nodeId, to?, text, subject?, locale, template }`. */
export const send = defineAction({
  connection: WebhookConnection,
  input: SendInput,
  output: DeliveryOutput,
  editor: {
    label: { 'zh-CN': '发送消息（Webhook）', en: 'Send a message (webhook)' },
    description: {
      'zh-CN': '把渲染好的消息以签名的 JSON POST 到您的系统，由您的系统投递给客户。',
      en: 'POSTs the rendered message as signed JSON to your system, which delivers it to the customer.',
    },
  },
  run: (ctx, input) =>
    postSigned(ctx, {
      type: 'message',
      caseId: ctx.caseId,
      nodeId: ctx.nodeId,
      ...(input.to === undefined ? {} : { to: input.to }),
      text: input.text,
      ...(input.subject === undefined ? {} : { subject: input.subject }),
      locale: input.locale,
      template: input.template,
    }),
});

export const PostInput = z.object({
  payload: z.json().describe('Any JSON value; it is the request body as is'),
});

/** Any JSON, POSTed as is. */
export const post = defineAction({
  connection: WebhookConnection,
  input: PostInput,
  output: DeliveryOutput,
  editor: {
    label: { 'zh-CN': '调用 Webhook', en: 'Call a webhook' },
    description: {
      'zh-CN': '把任意 JSON 以签名的 POST 请求发送到连接中配置的地址。',
      en: 'POSTs any JSON, signed, to the URL of the connection.',
    },
  },
  run: (ctx, input) => postSigned(ctx, input.payload),
});
