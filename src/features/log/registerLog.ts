import type * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { registerCommand } from '../../host/commands';
import { Commands } from '../../ids';

/** "Payment API: Show Log" reveals the extension's log channel. */
export function registerLog(
  context: vscode.ExtensionContext,
  deps: { channel: vscode.LogOutputChannel; log: Logger },
): void {
  registerCommand(context, deps.log, Commands.showLog, () => deps.channel.show(true));
}
