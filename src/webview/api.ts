// The webview's handle on VS Code: acquired once, shared by the page's modules.
import type { ToHost, WebviewState } from '../shared/protocol';

interface VsCodeApi {
  postMessage(msg: ToHost): void;
  getState(): unknown;
  setState(state: WebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();
