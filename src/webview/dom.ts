// Building the page: elements from text only (never HTML), and copy buttons.
import { vscode } from './api';

type Attrs = Record<string, string | boolean | ((e: Event) => void)>;
/** Creates an element; string children become text nodes, never HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c !== undefined) el.append(c);
  return el;
}

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
