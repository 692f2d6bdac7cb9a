// The Webhook Inspector page: display only. It sends what was pasted and the chosen account's id to
// the extension host, which verifies with secrets that never reach this page, and shows the verdict.
import {
  type ToWebhookHost,
  type VerdictInfo,
  type WebhookAccountInfo,
  type WebhookKind,
  type WebhookPageState,
  isToWebhookPage,
} from '../shared/webhookProtocol';
import { HELCIMPAY, HELCIMPAY_RESPONSE_CHOICE } from '../core/providers/helcim/helcimPayText';
import { h } from './h';

interface Api {
  postMessage(msg: ToWebhookHost): void;
  getState(): unknown;
  setState(state: WebhookPageState): void;
}
declare function acquireVsCodeApi(): Api;
const vscode = acquireVsCodeApi();

const saved = vscode.getState() as Partial<WebhookPageState> | undefined;
const state: WebhookPageState = {
  kind: saved?.kind === 'helcimpay' ? 'helcimpay' : 'webhook',
  ...(typeof saved?.accountId === 'string' ? { accountId: saved.accountId } : {}),
  toleranceS: typeof saved?.toleranceS === 'number' ? saved.toleranceS : 300,
};
let accounts: WebhookAccountInfo[] = [];
let requestId = 0;

const PLACEHOLDER: Record<WebhookKind, string> = {
  webhook:
    'POST /webhooks HTTP/1.1\nwebhook-id: msg_…\nwebhook-timestamp: 1767225600\nwebhook-signature: v1,…\n\n' +
    '{"id":"25764674","type":"cardTransaction"}',
  helcimpay: '{"data": {"transactionId": "…", …}, "hash": "…"}',
};

const kindSelect = h(
  'select',
  { id: 'kind', 'aria-label': 'What to verify' },
  h('option', { value: 'webhook' }, 'Webhook delivery (the raw HTTP request)'),
  h('option', { value: 'helcimpay' }, HELCIMPAY_RESPONSE_CHOICE),
);
const accountSelect = h('select', { id: 'account', 'aria-label': 'Account whose webhook secret verifies it' });
const tolerance = h('input', {
  id: 'tolerance',
  type: 'number',
  min: '0',
  max: '2592000',
  'aria-label': 'Tolerance in seconds',
});
const input = h('textarea', {
  id: 'request',
  rows: '14',
  spellcheck: 'false',
  'aria-label': 'Captured request or response',
});
const verifyButton = h('button', { type: 'button', id: 'verify' }, 'Verify');
const result = h('section', { id: 'result', 'aria-live': 'polite' });
const accountRow = h('label', { class: 'row' }, 'Account ', accountSelect, ' Tolerance (s) ', tolerance);

function save(): void {
  vscode.setState({ ...state });
}

function renderAccounts(): void {
  accountSelect.replaceChildren(
    ...accounts.map((a) =>
      h(
        'option',
        { value: a.id, ...(a.id === state.accountId ? { selected: true } : {}) },
        `${a.label} (${a.providerName}, ${a.environment})` + (a.secrets ? '' : ' – no webhook secret'),
      ),
    ),
  );
  if (!accounts.length) accountSelect.append(h('option', { value: '' }, 'No accounts: add one in Payment APIs'));
  if (!state.accountId && accounts[0]) state.accountId = accounts[0].id;
}

function renderKind(): void {
  kindSelect.value = state.kind;
  accountRow.hidden = state.kind !== 'webhook';
  input.placeholder = PLACEHOLDER[state.kind];
}

function showVerdict(v: VerdictInfo, note?: string): void {
  result.replaceChildren(
    h(
      'p',
      { class: v.ok ? 'verdict ok' : 'verdict bad', role: 'status' },
      v.ok || v.causes.length === 0 ? `${v.ok ? '✔' : '✘'} ${v.summary}` : '✘ Not verified',
    ),
    ...(note ? [h('p', { class: 'note' }, note)] : []),
    ...(v.causes.length
      ? [
          h('h3', {}, v.causes.length > 1 ? 'Likely causes, most likely first' : 'Likely cause'),
          h(
            'ol',
            { class: 'causes' },
            ...v.causes.map((c) =>
              h(
                'li',
                { 'data-cause': c.cause },
                h('strong', {}, c.message),
                h('br'),
                h('span', { class: 'hint' }, c.advice),
              ),
            ),
          ),
        ]
      : []),
    ...(v.checks.length
      ? [h('details', {}, h('summary', {}, 'Checks made'), h('ul', {}, ...v.checks.map((c) => h('li', {}, c))))]
      : []),
  );
}

function showError(message: string): void {
  result.replaceChildren(h('p', { class: 'verdict bad', role: 'alert' }, message));
}

kindSelect.addEventListener('change', () => {
  state.kind = kindSelect.value === 'helcimpay' ? 'helcimpay' : 'webhook';
  renderKind();
  save();
});
accountSelect.addEventListener('change', () => {
  state.accountId = accountSelect.value;
  save();
});
tolerance.addEventListener('change', () => {
  const n = Number(tolerance.value);
  state.toleranceS = Number.isInteger(n) && n >= 0 && n <= 2592000 ? n : 300;
  tolerance.value = String(state.toleranceS);
  save();
});
verifyButton.addEventListener('click', () => {
  if (input.value.trim() === '') {
    showError('Paste a captured request or response first.');
    return;
  }
  result.replaceChildren(h('p', { class: 'loading' }, 'Verifying…'));
  vscode.postMessage({
    type: 'verify',
    requestId: ++requestId,
    kind: state.kind,
    accountId: state.accountId ?? accountSelect.value,
    text: input.value,
    toleranceS: state.toleranceS ?? 300,
  });
});

window.addEventListener('message', (e: MessageEvent) => {
  const msg: unknown = e.data;
  if (!isToWebhookPage(msg)) return;
  if (msg.type === 'accounts') {
    accounts = msg.accounts;
    renderAccounts();
  } else if (msg.type === 'load') {
    state.kind = msg.kind;
    if (msg.accountId) state.accountId = msg.accountId;
    input.value = msg.text;
    renderKind();
    renderAccounts();
    if (msg.verdict) showVerdict(msg.verdict, msg.note);
    save();
  } else if (msg.requestId === requestId) {
    if (msg.type === 'verdict') showVerdict(msg.verdict, msg.note);
    else showError(msg.message);
  }
});

const app = document.getElementById('app');
tolerance.value = String(state.toleranceS ?? 300);
app?.replaceChildren(
  h('h2', {}, 'Webhook Inspector'),
  h(
    'p',
    { class: 'note' },
    `Paste a delivery as captured (headers, a blank line, the body) or a ${HELCIMPAY} message. It is verified in the ` +
      'extension with the account’s secret, which never reaches this page; nothing pasted is kept.',
  ),
  h('label', { class: 'row' }, 'Verify ', kindSelect),
  accountRow,
  input,
  h('div', { class: 'actions' }, verifyButton),
  result,
);
renderKind();
vscode.postMessage({ type: 'ready' });
