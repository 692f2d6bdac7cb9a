// The JWT inspector page. It only displays what the host sends and posts the user's requests back;
// decoding, verifying and signing happen in the extension host, and private keys never come here.
// Everything is built with textContent: nothing from a token is ever parsed as HTML.
import {
  type AccountInfo,
  type Inspection,
  type NoteInfo,
  type Outcome,
  type ToHost,
  type ToWebview,
  type VerifyInfo,
  type WebviewState,
  claimText,
  isToWebview,
} from '../shared/protocol';

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

type Attrs = Record<string, string | boolean | ((e: Event) => void)>;
/** Creates an element; string children become text nodes, never HTML. */
function h<K extends keyof HTMLElementTagNameMap>(
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

function readState(): WebviewState {
  const s = vscode.getState();
  if (typeof s !== 'object' || s === null) return {};
  const o = s as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const sign = typeof o.sign === 'object' && o.sign !== null ? (o.sign as Record<string, unknown>) : undefined;
  return {
    version: str(o.version),
    verifyAccountId: str(o.verifyAccountId),
    ignoreExpiry: o.ignoreExpiry === true,
    sign: sign
      ? {
          accountId: str(sign.accountId) ?? '',
          scopes: str(sign.scopes) ?? '',
          expiresIn: str(sign.expiresIn) ?? '30s',
          embed: str(sign.embed) ?? '',
          checkoutSessionId: str(sign.checkoutSessionId) ?? '',
        }
      : undefined,
  };
}
let state: WebviewState = readState();
function saveState(patch: Partial<WebviewState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

let accounts: AccountInfo[] = [];
let requestSeq = 0;
const latest = { inspect: -1, verify: -1, sign: -1 };

// ---------- relative times, kept live ----------
/** "24 s", "5 min", "3 h", "2 days". */
function amount(a: number): string {
  return a < 90
    ? `${a} s`
    : a < 5400
      ? `${Math.round(a / 60)} min`
      : a < 172_800
        ? `${Math.round(a / 3600)} h`
        : `${Math.round(a / 86_400)} days`;
}
/** One comparison decides past or future; future amounts round up, so "in 0 s" never shows. */
function timeLabel(claim: string, seconds: number, nowMs: number): string {
  const diffMs = seconds * 1000 - nowMs;
  const future = diffMs > 0;
  const a = future ? Math.ceil(diffMs / 1000) : Math.floor(-diffMs / 1000);
  if (claim === 'exp') return future ? `expires in ${amount(a)}` : `expired ${amount(a)} ago`;
  if (claim === 'nbf') return future ? `valid in ${amount(a)}` : `valid since ${amount(a)} ago`;
  return future ? `issued in ${amount(a)} (in the future)` : `issued ${amount(a)} ago`;
}
function tick(): void {
  const now = Date.now();
  for (const el of document.querySelectorAll<HTMLElement>('[data-seconds]')) {
    el.textContent = timeLabel(el.dataset.claim ?? '', Number(el.dataset.seconds), now);
    el.classList.toggle('expired', el.dataset.claim === 'exp' && Number(el.dataset.seconds) * 1000 <= now);
  }
}
setInterval(tick, 1000);

// ---------- layout ----------
const tokenInput = h('textarea', {
  id: 'token',
  rows: '4',
  spellcheck: 'false',
  'aria-label': 'JWT to inspect',
  placeholder: 'Paste a JWT (a leading "Bearer " is fine)',
});
const tokenError = h('div', { id: 'token-error', class: 'error', role: 'alert' });
const result = h('div', { id: 'result' });
const verifySource = h('select', { id: 'verify-source', 'aria-label': 'Key to verify with' });
const verifyKey = h('textarea', {
  id: 'verify-key',
  rows: '4',
  spellcheck: 'false',
  'aria-label': 'Public key, certificate or JWK',
  placeholder: 'Paste a public key (PEM), a certificate or a JWK',
});
const ignoreExpiry = h('input', { id: 'ignore-expiry', type: 'checkbox' });
const verifyResult = h('div', { id: 'verify-result', role: 'status' });
const signAccount = h('select', { id: 'sign-account', 'aria-label': 'Gr4vy account to sign with' });
const signScopes = h('input', { id: 'sign-scopes', type: 'text', spellcheck: 'false', placeholder: '*.read, *.write' });
const signExpires = h('input', { id: 'sign-expires', type: 'text', value: '30s', spellcheck: 'false' });
const signEmbed = h('textarea', {
  id: 'sign-embed',
  rows: '3',
  spellcheck: 'false',
  placeholder: '{"amount": 1299, "currency": "USD", "buyerExternalIdentifier": "user-1"}',
});
const signSession = h('input', { id: 'sign-session', type: 'text', spellcheck: 'false' });
const signResult = h('div', { id: 'sign-result', role: 'status' });

function copyButton(label: string, what: string, text: () => string): HTMLButtonElement {
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
      h('h2', { id: 'h-sign' }, 'Sign a Gr4vy token'),
      field('Account', signAccount),
      field('Scopes', signScopes, 'comma-separated; embed tokens use "embed"'),
      field('Expires in', signExpires, '30s as the SDKs; 1h for embed tokens'),
      field('Embed (JSON, optional)', signEmbed, 'camelCase keys become snake_case; metadata is kept as is'),
      field('Checkout session id (optional)', signSession),
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'sign', onclick: sign }, 'Sign')),
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
      : [h('option', { value: '' }, 'No Gr4vy account: add one in the Accounts view')]),
  );
  const wanted = state.sign?.accountId;
  if (wanted && accounts.some((a) => a.id === wanted)) signAccount.value = wanted;
  const acct = accounts.find((a) => a.id === signAccount.value);
  if (!signScopes.value && acct) signScopes.value = acct.scopes.join(', ');
  signAccount.disabled = accounts.length === 0;
  (document.getElementById('sign') as HTMLButtonElement | null)?.toggleAttribute('disabled', accounts.length === 0);
}

// ---------- rendering a token ----------
const SEVERITY_LABEL: Record<NoteInfo['severity'], string> = { error: 'Error', warning: 'Warning', info: 'Info' };

function renderJson(title: string, value: unknown, what: string): HTMLElement {
  const text = JSON.stringify(value, null, 2);
  return h(
    'div',
    { class: 'json' },
    h(
      'div',
      { class: 'json-head' },
      h('h3', {}, title),
      copyButton('Copy', what, () => text),
    ),
    h('pre', { tabindex: '0', 'aria-label': title }, text),
  );
}

function renderInspection(i: Inspection, into: HTMLElement): void {
  const now = Date.now();
  const header = i.header;
  const summary = [
    `alg ${claimText(header.alg)}`,
    header.typ !== undefined ? `typ ${claimText(header.typ)}` : undefined,
    header.kid !== undefined ? `kid ${claimText(header.kid)}` : undefined,
    `signature ${i.signatureBytes} bytes`,
    i.gr4vy ? 'Gr4vy token' : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const errors = i.notes.filter((n) => n.severity === 'error').length;
  const warnings = i.notes.filter((n) => n.severity === 'warning').length;
  const notes = i.notes.length
    ? h(
        'ul',
        { class: 'notes' },
        ...i.notes.map((n) =>
          h(
            'li',
            { class: `note ${n.severity}`, 'data-code': n.code },
            h('span', { class: 'badge' }, SEVERITY_LABEL[n.severity]),
            ` ${n.message}`,
          ),
        ),
      )
    : h('p', { class: 'ok' }, 'No problems found.');
  const times = i.times.length
    ? h(
        'table',
        { class: 'times' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', {}, 'Claim'), h('th', {}, 'Value'), h('th', {}, 'Local time'), h('th', {}, 'Relative')),
        ),
        h(
          'tbody',
          {},
          ...i.times.map((t) =>
            h(
              'tr',
              {},
              h('td', {}, t.claim),
              h('td', {}, claimText(i.payload[t.claim])),
              h('td', {}, new Date(t.seconds * 1000).toLocaleString()),
              h(
                'td',
                { class: 'relative', 'data-claim': t.claim, 'data-seconds': String(t.seconds) },
                timeLabel(t.claim, t.seconds, now),
              ),
            ),
          ),
        ),
      )
    : undefined;
  const scopes = i.scopes.length
    ? h(
        'table',
        { class: 'scopes' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Scope'), h('th', {}, 'Access'), h('th', {}, 'Meaning'))),
        h(
          'tbody',
          {},
          ...i.scopes.map((s) =>
            h(
              'tr',
              { class: s.known ? '' : 'unknown' },
              h('td', {}, h('code', {}, s.scope)),
              h('td', {}, s.access),
              h('td', {}, s.description),
            ),
          ),
        ),
      )
    : undefined;
  const parts: (HTMLElement | undefined)[] = [
    h('p', { class: 'summary' }, summary),
    h('h3', {}, `Notes (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`),
    notes,
    times ? h('h3', {}, 'Times') : undefined,
    times,
    scopes ? h('h3', {}, 'Scopes') : undefined,
    scopes,
    renderJson('Header', i.header, 'header JSON'),
    renderJson('Payload', i.payload, 'payload JSON'),
  ];
  into.replaceChildren(...parts.filter((p): p is HTMLElement => p !== undefined));
}

function showTokenResult(r: Outcome<Inspection>): void {
  if (r.ok) {
    tokenError.textContent = '';
    renderInspection(r.value, result);
  } else {
    tokenError.textContent = r.error;
    result.replaceChildren();
  }
}

// ---------- requests ----------
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
  latest.verify = ++requestSeq;
  verifyResult.className = '';
  verifyResult.textContent = 'Verifying…';
  vscode.postMessage({
    type: 'verify',
    requestId: latest.verify,
    token: tokenInput.value,
    key,
    ignoreExpiry: ignoreExpiry.checked,
  });
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
  latest.sign = ++requestSeq;
  signResult.className = '';
  signResult.textContent = 'Signing…';
  vscode.postMessage({ type: 'sign', requestId: latest.sign, ...form });
}

function showVerify(r: Outcome<VerifyInfo>): void {
  verifyResult.className = r.ok && r.value.ok ? 'ok' : 'error';
  verifyResult.textContent = r.ok
    ? `${r.value.ok ? '✓ Valid' : `✗ Invalid (${r.value.code})`}: ${r.value.message}`
    : r.error;
}

function showSigned(r: Outcome<{ token: string; inspection: Inspection }>): void {
  if (!r.ok) {
    signResult.className = 'error';
    signResult.textContent = r.error;
    return;
  }
  const token = r.value.token;
  const out = h('textarea', { id: 'signed-token', rows: '4', readonly: true, 'aria-label': 'Signed token' });
  out.value = token;
  signResult.className = 'ok';
  signResult.replaceChildren(
    h(
      'p',
      {},
      `Signed (${r.value.inspection.notes.length ? `${r.value.inspection.notes.length} notes` : 'no problems found'}). Treat it as a credential.`,
    ),
    out,
    h(
      'div',
      { class: 'actions' },
      copyButton('Copy token', 'signed token', () => token),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            tokenInput.value = token;
            inspect();
            tokenInput.focus();
          },
        },
        'Inspect it',
      ),
    ),
  );
}

function handle(msg: ToWebview): void {
  switch (msg.type) {
    case 'init':
      saveState({ version: msg.version });
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
      if (msg.requestId === latest.sign) showSigned(msg.result);
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
vscode.postMessage({ type: 'ready' });
