// The JWT inspector page. It only displays what the host sends and posts the user's requests back;
// decoding, verifying and signing happen in the extension host, and private keys never come here.
// Everything is built with textContent: nothing from a token is ever parsed as HTML.
import { type AccountInfo, type ToWebview, type WebviewState, isToWebview } from '../shared/protocol';
import { vscode } from './api';
import { h } from './dom';
import {
  ignoreExpiry,
  result,
  signAccount,
  signEmbed,
  signExpires,
  signResult,
  signScopes,
  signCreateSession,
  signSession,
  tokenError,
  tokenInput,
  verifyKey,
  verifyResult,
  verifySource,
} from './elements';
import { showSigned, showTokenResult, showVerify } from './render';
import { readState } from './state';
import { startClock } from './times';

const root = document.getElementById('app');
if (!root) throw new Error('inspector page has no #app element');
const app: HTMLElement = root;

let state: WebviewState = readState();
function saveState(patch: Partial<WebviewState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

let accounts: AccountInfo[] = [];
/** The providers whose accounts sign tokens ("Gr4vy"), from the init message; empty before it. */
let signer = '';
let requestSeq = 0;
const latest = { inspect: -1, verify: -1, sign: -1 };

// ---------- layout ----------
function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h(
    'label',
    { class: 'field' },
    h('span', { class: 'field-label' }, label),
    control,
    hint ? h('span', { class: 'hint' }, hint) : undefined,
  );
}

function layout(): void {
  app.replaceChildren(
    h(
      'header',
      {},
      h('h1', {}, 'JWT Inspector'),
      h(
        'p',
        { class: 'version' },
        state.version ? `Payment API Toolkit ${state.version}` : 'Connecting to the extension…',
      ),
    ),
    h('section', { 'aria-labelledby': 'h-token' }, h('h2', { id: 'h-token' }, 'Token'), tokenInput, tokenError, result),
    h(
      'section',
      { 'aria-labelledby': 'h-verify' },
      h('h2', { id: 'h-verify' }, 'Verify'),
      field('Key', verifySource),
      verifyKey,
      h('label', { class: 'check' }, ignoreExpiry, ' Ignore expiry (check the signature of an old token)'),
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'verify', onclick: verify }, 'Verify')),
      verifyResult,
    ),
    h(
      'section',
      { 'aria-labelledby': 'h-sign' },
      h('h2', { id: 'h-sign' }, signer ? `Sign a ${signer} token` : 'Sign a token'),
      field('Account', signAccount),
      field('Scopes', signScopes, 'comma-separated; embed tokens use "embed"'),
      field('Expires in', signExpires, '30s as the SDKs; 1h for embed tokens'),
      field('Embed (JSON, optional)', signEmbed, 'camelCase keys become snake_case; metadata is kept as is'),
      field('Checkout session id (optional)', signSession),
      h(
        'label',
        { class: 'check' },
        signCreateSession,
        ' Create a checkout session first and pin its id (POST /checkout/sessions, as the SDKs do)',
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', id: 'sign', onclick: sign }, 'Sign'),
        h(
          'button',
          { type: 'button', id: 'resign', class: 'secondary', onclick: resign, title: 'Re-sign the token above' },
          'Re-sign Token',
        ),
      ),
      signResult,
    ),
  );
  renderAccounts();
}

function renderAccounts(): void {
  const keep = verifySource.value || state.verifyAccountId || 'pasted';
  verifySource.replaceChildren(
    h('option', { value: 'pasted' }, 'A key pasted below'),
    ...accounts.map((a) =>
      h('option', { value: a.id }, `Account: ${a.label} (${a.environment}, kid …${a.kid.slice(-6)})`),
    ),
  );
  verifySource.value = [...verifySource.options].some((o) => o.value === keep) ? keep : 'pasted';
  verifyKey.hidden = verifySource.value !== 'pasted';
  signAccount.replaceChildren(
    ...(accounts.length
      ? accounts.map((a) => h('option', { value: a.id }, `${a.label} (${a.environment})`))
      : [h('option', { value: '' }, `No ${signer || 'signing'} account: add one in the Accounts view`)]),
  );
  const wanted = state.sign?.accountId;
  if (wanted && accounts.some((a) => a.id === wanted)) signAccount.value = wanted;
  const acct = accounts.find((a) => a.id === signAccount.value);
  if (!signScopes.value && acct) signScopes.value = acct.scopes.join(', ');
  signAccount.disabled = accounts.length === 0;
  for (const id of ['sign', 'resign']) {
    (document.getElementById(id) as HTMLButtonElement | null)?.toggleAttribute('disabled', accounts.length === 0);
  }
}

// ---------- requests ----------
function inspectToken(token: string): void {
  tokenInput.value = token;
  inspect();
  tokenInput.focus();
}

let debounce: ReturnType<typeof setTimeout> | undefined;
function inspect(): void {
  clearTimeout(debounce);
  const token = tokenInput.value;
  verifyResult.textContent = '';
  if (token.trim() === '') {
    tokenError.textContent = '';
    result.replaceChildren();
    return;
  }
  latest.inspect = ++requestSeq;
  vscode.postMessage({ type: 'inspect', requestId: latest.inspect, token });
}
function verify(): void {
  if (tokenInput.value.trim() === '') {
    verifyResult.className = 'error';
    verifyResult.textContent = 'Paste a token above first.';
    return;
  }
  const key =
    verifySource.value === 'pasted'
      ? { source: 'pasted' as const, text: verifyKey.value }
      : { source: 'account' as const, accountId: verifySource.value };
  if (key.source === 'pasted' && key.text.trim() === '') {
    verifyResult.className = 'error';
    verifyResult.textContent = 'Paste a public key, a certificate or a JWK, or choose an account.';
    return;
  }
  vscode.postMessage({
    type: 'verify',
    requestId: begin('verify', verifyResult, 'Verifying…'),
    token: tokenInput.value,
    key,
    ignoreExpiry: ignoreExpiry.checked,
  });
}
/** A new request of `kind`: its id (only the latest answer is shown) and a status line while it runs. */
function begin(kind: 'verify' | 'sign', status: HTMLElement, text: string): number {
  latest[kind] = ++requestSeq;
  status.className = '';
  status.textContent = text;
  return latest[kind];
}

function sign(): void {
  const form = {
    accountId: signAccount.value,
    scopes: signScopes.value,
    expiresIn: signExpires.value,
    embed: signEmbed.value,
    checkoutSessionId: signSession.value,
  };
  saveState({ sign: form });
  vscode.postMessage({
    type: 'sign',
    requestId: begin('sign', signResult, 'Signing…'),
    ...form,
    createCheckoutSession: signCreateSession.checked,
  });
}

/** Re-signs the token in the inspector with the chosen account: same scopes, embed and session. */
function resign(): void {
  vscode.postMessage({
    type: 'resign',
    requestId: begin('sign', signResult, 'Re-signing…'),
    token: tokenInput.value,
    accountId: signAccount.value,
    expiresIn: signExpires.value,
  });
}

function handle(msg: ToWebview): void {
  switch (msg.type) {
    case 'init':
      saveState({ version: msg.version });
      signer = msg.signer;
      signAccount.setAttribute('aria-label', `${signer} account to sign with`);
      accounts = msg.accounts;
      if (!state.sign?.accountId && msg.activeAccountId)
        saveState({
          sign: {
            ...(state.sign ?? { scopes: '', expiresIn: '30s', embed: '', checkoutSessionId: '' }),
            accountId: msg.activeAccountId,
          },
        });
      layout();
      restoreForm();
      break;
    case 'accounts':
      accounts = msg.accounts;
      renderAccounts();
      break;
    case 'setToken':
      tokenInput.value = msg.token;
      inspect();
      break;
    case 'inspected':
      if (msg.requestId === latest.inspect) showTokenResult(msg.result);
      break;
    case 'verified':
      if (msg.requestId === latest.verify) showVerify(msg.result);
      break;
    case 'signed':
      if (msg.requestId === latest.sign) showSigned(msg.result, inspectToken);
      break;
    default: {
      const never: never = msg;
      void never;
    }
  }
}

function restoreForm(): void {
  ignoreExpiry.checked = state.ignoreExpiry === true;
  if (state.sign) {
    signScopes.value = state.sign.scopes || signScopes.value;
    signExpires.value = state.sign.expiresIn || '30s';
    signEmbed.value = state.sign.embed;
    signSession.value = state.sign.checkoutSessionId;
  }
}

tokenInput.addEventListener('input', () => {
  clearTimeout(debounce);
  debounce = setTimeout(inspect, 250);
});
tokenInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    inspect();
  }
});
verifySource.addEventListener('change', () => {
  verifyKey.hidden = verifySource.value !== 'pasted';
  saveState({ verifyAccountId: verifySource.value });
});
ignoreExpiry.addEventListener('change', () => saveState({ ignoreExpiry: ignoreExpiry.checked }));
signAccount.addEventListener('change', () => {
  const a = accounts.find((x) => x.id === signAccount.value);
  if (a) signScopes.value = a.scopes.join(', ');
});
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isToWebview(event.data)) handle(event.data);
});

layout();
restoreForm();
startClock();
vscode.postMessage({ type: 'ready' });
