// Building the page: elements from text only (never HTML), and copy buttons.
import { vscode } from './api';
import { h } from './h';

export { h };

/** A button that asks the host to copy `text()` to the clipboard. */
export function copyButton(label: string, what: string, text: () => string): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'aria-label': `Copy ${what}`,
      onclick: () => vscode.postMessage({ type: 'copy', text: text(), what }),
    },
    label,
  );
}
