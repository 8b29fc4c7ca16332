export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One log line, with what it is about: plugin, action or trigger, tenant, case and step. */
export interface LogEntry {
  level: LogLevel;
  message: string;
  at: string;
  plugin: string;
  action?: string;
  trigger?: string;
  tenantId?: string;
  caseId?: string;
  nodeId?: string;
  fields?: Record<string, unknown>;
}

/** Where log entries go. The default writes one JSON line per entry to stdout. */
export type LogSink = (entry: LogEntry) => void;

/** The logger a plugin gets as `ctx.logger`. Connection secrets are redacted from everything it logs. */
export interface PluginLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const consoleSink: LogSink = (entry) => console.log(JSON.stringify(entry));

export const REDACTED = '[redacted]';

type Binding = Omit<LogEntry, 'level' | 'message' | 'at' | 'fields'>;

/** A logger bound to a plugin call; every message and field goes through `redact` first. */
export function createPluginLogger(options: { sink: LogSink; binding: Binding; secrets: readonly string[]; now: () => Date }): PluginLogger {
  const redact = redactor(options.secrets);
  const log = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    const entry: LogEntry = { level, message: redact(String(message)) as string, at: options.now().toISOString(), ...options.binding };
    if (fields !== undefined) entry.fields = redact(fields) as Record<string, unknown>;
    try {
      options.sink(entry);
    } catch {
      // A broken sink must not fail the plugin call it is logging.
    }
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/**
 * Replaces every occurrence of a secret value in a value (strings, arrays, plain objects, errors;
 * deep), so that a plugin logging a request, a header or an error cannot leak a credential.
 */
export function redactor(secrets: readonly string[]): (value: unknown) => unknown {
  const values = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (value) => toLoggable(value, new WeakSet(), 0, (text) => text);
  const scrub = (text: string) => values.reduce((result, secret) => result.split(secret).join(REDACTED), text);
  return (value) => toLoggable(value, new WeakSet(), 0, scrub);
}

/** Secret values of a connection as strings, for the redactor (numbers and objects too, as JSON). */
export function secretValues(connection: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields
    .map((field) => connection[field])
    .filter((value) => value !== undefined && value !== null && value !== '')
    .map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
}

const MAX_DEPTH = 8;

function toLoggable(value: unknown, seen: WeakSet<object>, depth: number, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = value.toString();
    if (scrub(text) !== text) return REDACTED;
    return typeof value === 'bigint' ? text : value;
  }
  if (typeof value === 'boolean' || value === null || value === undefined) return value;
  if (typeof value !== 'object') return scrub(String(value));
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: scrub(value.message), ...(value.stack === undefined ? {} : { stack: scrub(value.stack) }) };
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return scrub(Buffer.from(value).toString('utf8'));
  if (Array.isArray(value)) return value.map((item) => toLoggable(item, seen, depth + 1, scrub));
  if (value instanceof Map) return toLoggable(Object.fromEntries(value), seen, depth + 1, scrub);
  if (value instanceof Headers) return toLoggable(Object.fromEntries(value.entries()), seen, depth + 1, scrub);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[scrub(key)] = toLoggable(item, seen, depth + 1, scrub);
  return out;
}
