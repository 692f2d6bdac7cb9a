/** Stable error codes callers can switch on; the words for people are chosen at the edge. */
export const ErrorCodes = {
  /** Input (a token, key, JWT, setting, file) is malformed; the message names what is wrong. */
  invalidInput: 'ERR_INVALID_INPUT',
  /** A value the user gave us is of a kind we refuse (a public key where a private one is needed). */
  unsupported: 'ERR_UNSUPPORTED',
  /** A file could not be read or written. */
  io: 'ERR_IO',
  /** The command line was used wrongly. */
  usage: 'ERR_USAGE',
  /** No answer within the time limit. */
  timeout: 'ERR_TIMEOUT',
  /** A host name did not resolve. */
  dns: 'ERR_DNS',
  /** The TCP connection was refused, reset or closed before an answer. */
  connection: 'ERR_CONNECTION',
  /** The TLS handshake or certificate check failed. */
  tls: 'ERR_TLS',
  /** The configured proxy failed or refused the request. */
  proxy: 'ERR_PROXY',
  /** The answer was larger than we read. */
  tooLarge: 'ERR_RESPONSE_TOO_LARGE',
  /** The user cancelled. */
  cancelled: 'ERR_CANCELLED',
  /** No such account (it was removed meanwhile). */
  notFound: 'ERR_NOT_FOUND',
  /** Something that should be impossible happened; a bug. */
  internal: 'ERR_INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/**
 * An error with a stable `code`. Its message must never contain a secret: callers put masked
 * values only.
 *
 * @example
 * throw new AppError(ErrorCodes.invalidInput, 'The api-token contains a space', { advice: 'Paste it again.' });
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  /** What the user can do about it, as a sentence; optional. */
  readonly advice: string | undefined;

  constructor(code: ErrorCode, message: string, options: { advice?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.advice = options.advice;
  }
}

/** An {@link AppError} with code ERR_INVALID_INPUT: the input is malformed; `message` names what is wrong. */
export function invalidInput(message: string, advice?: string): AppError {
  return new AppError(ErrorCodes.invalidInput, message, advice === undefined ? {} : { advice });
}

/** An {@link AppError} with code ERR_UNSUPPORTED: the input is well formed but of a kind refused here. */
export function unsupported(message: string, advice?: string): AppError {
  return new AppError(ErrorCodes.unsupported, message, advice === undefined ? {} : { advice });
}

/** `text` cut to `max` characters with an ellipsis: messages never echo unbounded input. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** True when `e` is an {@link AppError}, optionally with the given code. */
export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}

/**
 * One line for people: the message plus the advice when there is one. Non-AppErrors keep only their
 * message (never a stack or a cause, which may hold request headers).
 */
export function describeError(e: unknown): string {
  if (isAppError(e)) return e.advice ? `${e.message}. ${e.advice}` : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
