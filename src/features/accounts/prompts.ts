import * as vscode from 'vscode';
import { AppError, ErrorCodes } from '../../core/errors';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

/**
 * The questions the account commands ask. The VS Code implementation uses quick picks, input
 * boxes and dialogs; integration tests swap in scripted answers through the test API.
 */
export interface Prompts {
  pick<T>(items: PickItem<T>[], options: { title: string; placeholder: string }): Promise<T | undefined>;
  input(options: {
    title: string;
    prompt: string;
    value?: string;
    placeholder?: string;
    password?: boolean;
    validate?: (value: string) => Promise<string | undefined>;
  }): Promise<string | undefined>;
  /** A modal confirmation; resolves true only when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** Lets the user choose a file and returns its text, or undefined when cancelled. */
  readFile(title: string): Promise<string | undefined>;
}

/** Largest key file we read: keys are a few hundred bytes; anything bigger is the wrong file. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

export const vscodePrompts: Prompts = {
  async pick(items, options) {
    const picked = await vscode.window.showQuickPick(items, {
      title: options.title,
      placeHolder: options.placeholder,
      ignoreFocusOut: true,
      matchOnDescription: true,
    });
    return picked?.value;
  },
  async input(options) {
    return vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeholder,
      password: options.password ?? false,
      ignoreFocusOut: true,
      validateInput: options.validate ? async (v) => (v === '' ? undefined : options.validate?.(v)) : undefined,
    });
  },
  async confirm(message, detail, action) {
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
    return choice === action;
  },
  async readFile(title) {
    const [uri] =
      (await vscode.window.showOpenDialog({
        title,
        canSelectMany: false,
        openLabel: 'Use This Key',
        filters: { Keys: ['pem', 'key', 'json', 'jwk', 'txt'], 'All files': ['*'] },
      })) ?? [];
    if (!uri) return undefined;
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_KEY_FILE_BYTES)
      throw new AppError(
        ErrorCodes.io,
        `${uri.fsPath} is ${Math.round(stat.size / 1024)} KiB: too large to be a private key file`,
        { advice: "Choose the .pem file downloaded from the provider's dashboard." },
      );
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  },
};
