// The form controls and result areas of the page, created once.
import { h } from './dom';

/** A multi-line field for tokens, keys and JSON: no spell checking. */
function textArea(id: string, rows: number, placeholder: string, label?: string): HTMLTextAreaElement {
  return h('textarea', {
    id,
    rows: String(rows),
    spellcheck: 'false',
    placeholder,
    ...(label ? { 'aria-label': label } : {}),
  });
}

/** A one-line text field: no spell checking. */
function textInput(id: string, attrs: Record<string, string> = {}): HTMLInputElement {
  return h('input', { id, type: 'text', spellcheck: 'false', ...attrs });
}

export const tokenInput = textArea('token', 4, 'Paste a JWT (a leading "Bearer " is fine)', 'JWT to inspect');
export const tokenError = h('div', { id: 'token-error', class: 'error', role: 'alert' });
export const result = h('div', { id: 'result' });
export const verifySource = h('select', { id: 'verify-source', 'aria-label': 'Key to verify with' });
export const verifyKey = textArea(
  'verify-key',
  4,
  'Paste a public key (PEM), a certificate or a JWK',
  'Public key, certificate or JWK',
);
export const ignoreExpiry = h('input', { id: 'ignore-expiry', type: 'checkbox' });
export const verifyResult = h('div', { id: 'verify-result', role: 'status' });
export const signAccount = h('select', { id: 'sign-account', 'aria-label': 'Account to sign with' });
export const signScopes = textInput('sign-scopes', { placeholder: '*.read, *.write' });
export const signExpires = textInput('sign-expires', { value: '30s' });
export const signEmbed = textArea(
  'sign-embed',
  3,
  '{"amount": 1299, "currency": "USD", "buyerExternalIdentifier": "user-1"}',
);
export const signSession = textInput('sign-session');
export const signResult = h('div', { id: 'sign-result', role: 'status' });
export const signCreateSession = h('input', { id: 'sign-create-session', type: 'checkbox' });
