import { type Problem, PluginError, type PluginErrorCode, formatProblems } from './errors.ts';
import { checkValue } from './check-value.ts';
import { connectionSchema, type LoadedPlugin } from './load.ts';
import { redactor, secretValues } from './logger.ts';
import type { Schema } from './schema.ts';
import { secretFields } from './secret.ts';

/** Who a failure is about, for every error of one call. */
export interface Subject {
  plugin: string;
  action: string;
  caseId?: string;
}

/** Checks a value or throws the given code with every problem and its path. */
export async function expectValid(schema: Schema, value: unknown, code: PluginErrorCode, subject: Subject, what: string): Promise<unknown> {
  const result = await checkValue(schema, value);
  if (result.ok) return result.value;
  throw invalid(code, subject, what, result.problems);
}

export function invalid(code: PluginErrorCode, subject: Subject, what: string, problems: Problem[]): PluginError {
  return new PluginError({ code, ...subject, problems, detail: `${what}: ${formatProblems(problems)}` });
}

/** The tenant's connection, loaded and checked against the plugin's connection schema. */
export async function resolveConnection(plugin: LoadedPlugin, load: () => unknown, subject: Subject): Promise<{ connection: Record<string, unknown>; secrets: string[] }> {
  let raw: unknown;
  try {
    raw = await load();
  } catch (error) {
    throw new PluginError({ code: 'TP_PLUGIN_CONNECTION_INVALID', ...subject, detail: `the connection could not be loaded: ${messageOf(error)}` });
  }
  const connection = (await expectValid(connectionSchema(plugin), raw ?? {}, 'TP_PLUGIN_CONNECTION_INVALID', subject, 'the connection does not match the connection schema')) as Record<string, unknown>;
  return { connection, secrets: secretValues(connection, secretFields(plugin.manifest.connection)) };
}

/** Runs plugin code until it settles or the signal aborts (a plugin that ignores its signal is let go). */
export function untilAborted<T>(work: () => T | Promise<T>, signal: AbortSignal, subject: Subject): Promise<T> {
  const aborted = () => new PluginError({ code: 'TP_PLUGIN_ABORTED', ...subject, detail: 'the call was cancelled (timed out or shut down) before the plugin answered' });
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(work)
      .then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(signal.aborted ? aborted() : error);
        },
      );
  });
}

/**
 * Wraps what plugin code threw as a coded error naming plugin, action and case. Secrets are
 * redacted from the message (it ends up in the case log); a `PluginError` keeps its HTTP status.
 */
export function wrapFailure(error: unknown, code: PluginErrorCode, subject: Subject, secrets: readonly string[]): PluginError {
  const redact = redactor(secrets);
  // A coded error keeping its code keeps its own wording; another code quotes it whole.
  const same = error instanceof PluginError && error.code === code;
  const detail = redact(same ? error.detail : messageOf(error)) as string;
  const cause = new Error(detail);
  if (error instanceof Error && error.stack !== undefined) cause.stack = redact(error.stack) as string;
  return new PluginError({
    code,
    ...subject,
    detail,
    cause,
    ...(same && error.problems.length > 0 ? { problems: error.problems } : {}),
    ...(error instanceof PluginError && error.status !== undefined ? { status: error.status } : {}),
    ...(error instanceof PluginError && error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    ...(error instanceof PluginError && error.permanent !== undefined ? { permanent: error.permanent } : {}),
  });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
