import { PluginError } from '@touchpoint/plugin-sdk';

/** A visitor's address, as stored in `customer.addresses['channel-webchat']`. */
export const ADDRESS_PREFIX = 'webchat:';
const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;

export const addressOf = (visitorId: string) => `${ADDRESS_PREFIX}${visitorId}`;

/** `webchat:<visitorId>` → the visitor id; anything else fails the step permanently. */
export function visitorOf(to: string | undefined): string {
  if (to === undefined) throw new PluginError({ code: 'TP_PLUGIN_FAILED', detail: 'the customer has no webchat address (customer.addresses["channel-webchat"])', permanent: true });
  const visitorId = to.startsWith(ADDRESS_PREFIX) ? to.slice(ADDRESS_PREFIX.length) : '';
  if (!VISITOR_ID.test(visitorId)) throw new PluginError({ code: 'TP_PLUGIN_FAILED', detail: `"${to.slice(0, 80)}" is not a webchat address (webchat:<visitorId>)`, permanent: true });
  return visitorId;
}
