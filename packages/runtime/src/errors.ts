export type RuntimeErrorCode =
  | 'TP_RUNTIME_NOT_FOUND'
  | 'TP_RUNTIME_CONFLICT'
  | 'TP_RUNTIME_INVALID'
  | 'TP_RUNTIME_BLUEPRINT_INVALID'
  | 'TP_RUNTIME_FORM_INVALID';

/** A request the runtime refuses, with a stable code and, where it helps, the failing fields. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    readonly details?: Array<{ path: string; message: string }>,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) => new RuntimeError('TP_RUNTIME_NOT_FOUND', `no ${what} "${id}" in this tenant`);
