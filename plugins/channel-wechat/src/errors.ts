import { PluginError } from '@touchpoint/plugin-sdk';

/** What common errcodes mean for the person reading a parked case. */
const HINTS: Record<number, string> = {
  [-1]: 'WeChat is busy; the step will be retried',
  40001: 'the access token is invalid or was replaced (another server fetched a new one?)',
  40003: 'the openid does not belong to this Official Account',
  40013: 'the AppID is wrong',
  40014: 'the access token is malformed',
  40037: 'the template id is wrong or was deleted',
  40125: 'the AppSecret is wrong (reset in the admin?)',
  40164: "this server's IP address is not on the Official Account's IP whitelist",
  41028: 'the form_id or template is invalid',
  42001: 'the access token expired',
  43004: 'the customer has unfollowed the Official Account',
  45009: 'the daily API quota is used up',
  45015: 'the customer has not written in the last 48 hours: customer-service messages are closed; use sendTemplate',
  45047: 'too many customer-service messages without a reply from the customer',
  48001: 'the Official Account is not authorised for this API (verified service account needed?)',
};

/**
 * WeChat answered HTTP 200 with a non-zero `errcode`. Coded `TP_PLUGIN_FAILED`; the message carries
 * the errcode and errmsg (the host re-wraps the error, keeping its message), the fields stay for
 * code that catches it inside the plugin.
 */
export class WeChatApiError extends PluginError {
  readonly errcode: number;
  readonly errmsg: string;

  constructor(endpoint: string, errcode: number, errmsg: string) {
    const hint = HINTS[errcode];
    super({ code: 'TP_PLUGIN_FAILED', detail: `WeChat ${endpoint} answered errcode ${errcode} (${errmsg})${hint === undefined ? '' : `: ${hint}`}` });
    this.errcode = errcode;
    this.errmsg = errmsg;
  }
}

/** The errcodes that mean "get a new access token and try again". */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
