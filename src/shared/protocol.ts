// Messages between the extension host and the inspector webview. Both sides import only this file;
// every message that arrives is `unknown` until one of the guards below accepts it.

/** Host -> webview. */
export type ToWebview = { type: 'init'; version: string };

/** Webview -> host. */
export type ToHost = { type: 'ready' };

/** Non-secret view state the webview keeps across reloads with setState(). */
export interface WebviewState {
  version?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Guard for messages the webview accepts. */
export function isToWebview(msg: unknown): msg is ToWebview {
  if (!isRecord(msg)) return false;
  switch (msg.type) {
    case 'init':
      return typeof msg.version === 'string';
    default:
      return false;
  }
}

/** Guard for messages the host accepts. */
export function isToHost(msg: unknown): msg is ToHost {
  if (!isRecord(msg)) return false;
  switch (msg.type) {
    case 'ready':
      return true;
    default:
      return false;
  }
}
