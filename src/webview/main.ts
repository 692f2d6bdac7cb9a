// The inspector page. It only displays what the host sends and posts the user's requests back;
// keys, signing and network stay in the extension host.
import { isToWebview, type ToHost, type ToWebview, type WebviewState } from '../shared/protocol';

interface VsCodeApi {
  postMessage(msg: ToHost): void;
  getState(): unknown;
  setState(state: WebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app');
if (!root) throw new Error('inspector page has no #app element');
const app: HTMLElement = root;

function readState(): WebviewState {
  // State written by an older version may have another shape: keep only what still checks out.
  const s = vscode.getState();
  if (typeof s !== 'object' || s === null) return {};
  const version = (s as Record<string, unknown>).version;
  return typeof version === 'string' ? { version } : {};
}

function render(state: WebviewState): void {
  app.replaceChildren();
  const h1 = document.createElement('h1');
  h1.textContent = 'JWT Inspector';
  const p = document.createElement('p');
  p.className = 'version';
  p.textContent = state.version ? `Payment API Toolkit ${state.version}` : 'Connecting to the extension…';
  app.append(h1, p);
}

function handle(msg: ToWebview): void {
  switch (msg.type) {
    case 'init': {
      const state = { ...readState(), version: msg.version };
      vscode.setState(state);
      render(state);
      break;
    }
    default: {
      const never: never = msg.type;
      void never;
    }
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isToWebview(event.data)) handle(event.data);
});

render(readState());
vscode.postMessage({ type: 'ready' });
