import * as vscode from 'vscode';
import { describeError, isAppError } from '../core/errors';
import type { Logger } from '../core/logger';

/** A command handler: its argument comes from a tree item, a code action, a link or the palette. */
export type CommandHandler = (...args: unknown[]) => unknown;

/**
 * Registers a command whose every failure is told to the user: expected ones (bad input, a missing
 * secret: AppErrors) as they are, anything else also logged as a bug. The command then returns
 * undefined instead of letting VS Code show its generic "command resulted in an error".
 */
export function registerCommand(
  context: vscode.ExtensionContext,
  log: Logger,
  id: string,
  handler: CommandHandler,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (e) {
        if (!isAppError(e)) log.error(`${id} failed: ${describeError(e)}`);
        void vscode.window.showErrorMessage(describeError(e));
        return undefined;
      }
    }),
  );
}

/** Registers several commands with {@link registerCommand}. */
export function registerCommands(
  context: vscode.ExtensionContext,
  log: Logger,
  commands: Readonly<Record<string, CommandHandler>>,
): void {
  for (const [id, handler] of Object.entries(commands)) registerCommand(context, log, id, handler);
}

/** An AbortSignal that follows a VS Code cancellation token. */
export function abortSignalOf(token: vscode.CancellationToken): AbortSignal {
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  else token.onCancellationRequested(() => ac.abort());
  return ac.signal;
}
