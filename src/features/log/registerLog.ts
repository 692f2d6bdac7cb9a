import * as vscode from 'vscode';
import { Commands } from '../../ids';

/** "Payment API: Show Log" reveals the extension's log channel. */
export function registerLog(context: vscode.ExtensionContext, deps: { channel: vscode.LogOutputChannel }): void {
  context.subscriptions.push(vscode.commands.registerCommand(Commands.showLog, () => deps.channel.show(true)));
}
