/** Where the extension writes its log. Implementations redact known secrets before writing. */
export interface Logger {
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
