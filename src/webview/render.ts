// Rendering an inspected token: summary, notes, times, scopes, header and payload.
import { type Inspection, type NoteInfo, type Outcome, type VerifyInfo, claimText } from '../shared/protocol';
import { result, signResult, tokenError, verifyResult } from './elements';
import { copyButton, h } from './dom';
import { timeLabel } from './times';

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

export function renderInspection(i: Inspection, into: HTMLElement): void {
  const now = Date.now();
  const header = i.header;
  const summary = [
    `alg ${claimText(header.alg)}`,
    header.typ !== undefined ? `typ ${claimText(header.typ)}` : undefined,
    header.kid !== undefined ? `kid ${claimText(header.kid)}` : undefined,
    `signature ${i.signatureBytes} bytes`,
    i.provider === null ? undefined : `${i.provider} token`,
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

export function showTokenResult(r: Outcome<Inspection>): void {
  if (r.ok) {
    tokenError.textContent = '';
    renderInspection(r.value, result);
  } else {
    tokenError.textContent = r.error;
    result.replaceChildren();
  }
}

export function showVerify(r: Outcome<VerifyInfo>): void {
  verifyResult.className = r.ok && r.value.ok ? 'ok' : 'error';
  verifyResult.textContent = r.ok
    ? `${r.value.ok ? '✓ Valid' : `✗ Invalid (${r.value.code})`}: ${r.value.message}`
    : r.error;
}

/** Shows a signed token with copy and inspect buttons; `inspectToken` puts it into the inspector. */
export function showSigned(
  r: Outcome<{ token: string; inspection: Inspection }>,
  inspectToken: (token: string) => void,
): void {
  if (!r.ok) {
    signResult.className = 'error';
    signResult.textContent = r.error;
    return;
  }
  const token = r.value.token;
  const notes = r.value.inspection.notes.length;
  const out = h('textarea', { id: 'signed-token', rows: '4', readonly: true, 'aria-label': 'Signed token' });
  out.value = token;
  signResult.className = 'ok';
  signResult.replaceChildren(
    h('p', {}, `Signed (${notes ? `${notes} notes` : 'no problems found'}). Treat it as a credential.`),
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
          onclick: () => inspectToken(token),
        },
        'Inspect it',
      ),
    ),
  );
}
