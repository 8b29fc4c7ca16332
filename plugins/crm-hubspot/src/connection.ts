import { secret } from '@touchpoint/plugin-sdk';
import { z } from 'zod';

/** A HubSpot private app (Settings → Integrations → Private apps) with the contacts scopes. */
export const HubSpotConnection = z.object({
  accessToken: secret(z.string().trim().min(10).max(500)).describe(
    'The private app access token (pat-…), with the crm.objects.contacts.read and crm.objects.contacts.write scopes',
  ),
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.hubapi.com').describe('The HubSpot API; change it only for a proxy or a test server'),
});
export type HubSpotConnection = z.output<typeof HubSpotConnection>;
