/**
 * Every way a plugin can fail, as seen from outside it. Codes are stable (the runtime, the server
 * and tests match on them); messages are for the person who reads the parked case.
 */
export const PLUGIN_ERROR_CODES = [
  'TP_PLUGIN_UNKNOWN',
  'TP_PLUGIN_INPUT_INVALID',
  'TP_PLUGIN_OUTPUT_INVALID',
  'TP_PLUGIN_FAILED',
  'TP_PLUGIN_ABORTED',
  'TP_PLUGIN_HTTP',
  'TP_PLUGIN_CONNECTION_INVALID',
  'TP_PLUGIN_SIGNATURE_INVALID',
  'TP_PLUGIN_PAYLOAD_INVALID',
  'TP_PLUGIN_MANIFEST_INVALID',
  'TP_PLUGIN_SECRET_KEY',
  'TP_PLUGIN_SECRET_TAMPERED',
] as const;
export type PluginErrorCode = (typeof PLUGIN_ERROR_CODES)[number];

/** One thing wrong with a value or a manifest: where (`to`, `actions.send.input`) and what. */
export interface Problem {
  path: string;
  message: string;
}

export interface PluginErrorOptions {
  code: PluginErrorCode;
  /** What went wrong, without the code or the plugin (the message adds them). */
  detail: string;
  plugin?: string;
  action?: string;
  caseId?: string;
  problems?: readonly Problem[];
  /** The HTTP status, when a provider answered with one. */
  status?: number;
  /** How long the provider asked to wait before trying again (its Retry-After), in ms. */
  retryAfterMs?: number;
  /** True when trying again cannot help (a rejected recipient, a malformed request). */
  permanent?: boolean;
  cause?: unknown;
}

/**
 * The one error type of the plugin SDK. The message reads like the runtime's `PluginCallError`:
 * `TP_PLUGIN_FAILED: payment-stripe.createPaymentLink for case c-1: card declined`.
 *
 * @example
 * throw new PluginError({ code: 'TP_PLUGIN_SIGNATURE_INVALID', detail: 'the signature does not match' });
 */
export class PluginError extends Error {
  override name = 'PluginError';
  readonly code: PluginErrorCode;
  readonly detail: string;
  readonly plugin: string | undefined;
  readonly action: string | undefined;
  readonly caseId: string | undefined;
  readonly problems: readonly Problem[];
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly permanent: boolean | undefined;

  constructor(options: PluginErrorOptions) {
    super(formatMessage(options), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.detail = options.detail;
    this.plugin = options.plugin;
    this.action = options.action;
    this.caseId = options.caseId;
    this.problems = options.problems ?? [];
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.permanent = options.permanent;
  }
}

export function isPluginError(error: unknown, code?: PluginErrorCode): error is PluginError {
  return error instanceof PluginError && (code === undefined || error.code === code);
}

/** `to: is required; text: must be string`, for messages. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((problem) => (problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`)).join('; ');
}

function formatMessage({ code, detail, plugin, action, caseId }: PluginErrorOptions): string {
  const subject = plugin === undefined ? undefined : action === undefined ? plugin : `${plugin}.${action}`;
  const where = [subject, caseId === undefined ? undefined : `for case ${caseId}`].filter((part) => part !== undefined).join(' ');
  return where === '' ? `${code}: ${detail}` : `${code}: ${where}: ${detail}`;
}
