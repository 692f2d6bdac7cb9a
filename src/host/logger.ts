import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { redact } from '../core/mask';

/**
 * {@link Logger} over a LogOutputChannel. Every line passes through `redact()` with the secrets the
 * extension currently knows, so a value that slipped past a call site's mask() is still masked.
 */
export class ChannelLogger implements Logger {
  constructor(
    private readonly channel: vscode.LogOutputChannel,
    private readonly knownSecrets: () => Iterable<string> = () => [],
  ) {}

  readonly trace = (message: string): void => this.channel.trace(this.clean(message));
  readonly info = (message: string): void => this.channel.info(this.clean(message));
  readonly warn = (message: string): void => this.channel.warn(this.clean(message));
  readonly error = (message: string): void => this.channel.error(this.clean(message));

  private clean(message: string): string {
    return redact(message, this.knownSecrets());
  }
}
