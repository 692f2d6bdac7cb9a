// Crafted deliveries, one per cause the verifiers name: shared by the CLI tests and the tests that
// go through the editor's Webhook Inspector, so that both are held to the same list.
import { createHmac, randomBytes } from 'node:crypto';

export interface WebhookCase {
  name: string;
  provider: 'helcim' | 'gr4vy';
  /** The raw request as captured. */
  raw: string;
  /** The secrets the check is given (the account's, in the editor). */
  secrets: string[];
  /** The first cause named; undefined when it must verify. */
  cause?: string;
  /** False when the editor refuses to store such a secret (so only the CLI can be given it). */
  storable?: boolean;
}

const body = '{"id":"25764674","type":"cardTransaction"}';
const pretty = JSON.stringify(JSON.parse(body), null, 2);

export function webhookCases(nowMs = Date.now()): WebhookCase[] {
  const ts = Math.floor(nowMs / 1000);
  const token = randomBytes(24).toString('base64');
  const secret = randomBytes(18).toString('hex');
  const b64secret = randomBytes(24).toString('base64');
  const sw = (key: Buffer | string, id: string, t: number | string, b: string) =>
    `v1,${createHmac('sha256', key).update(`${id}.${t}.${b}`).digest('base64')}`;
  const helcim = (sig: string, t: number | string = ts, sent = body, id = 'msg_1') =>
    `POST /hooks HTTP/1.1\nwebhook-id: ${id}\nwebhook-timestamp: ${t}\nwebhook-signature: ${sig}\n\n${sent}`;
  const hex = (key: Buffer | string, t: number | string, b = body) =>
    createHmac('sha256', key).update(`${t}.${b}`).digest('hex');
  const gr4vy = (
    sig: string,
    t: number | string = ts,
    sent = body,
    names = ['X-Gr4vy-Webhook-Signatures', 'X-Gr4vy-Webhook-Timestamp'],
  ) => `X-Gr4vy-Webhook-ID: 7f1c\n${names[0]}: ${sig}\n${names[1]}: ${t}\n\n${sent}`;
  const key = Buffer.from(token, 'base64');
  return [
    { name: 'Helcim: valid', provider: 'helcim', raw: helcim(sw(key, 'msg_1', ts, body)), secrets: [token] },
    {
      name: 'Helcim: body re-serialised',
      provider: 'helcim',
      raw: helcim(sw(key, 'msg_1', ts, body), ts, pretty),
      secrets: [token],
      cause: 'body-changed',
    },
    {
      name: 'Helcim: token used undecoded',
      provider: 'helcim',
      raw: helcim(sw(token, 'msg_1', ts, body)),
      secrets: [token],
      cause: 'secret-not-decoded',
    },
    {
      name: 'Helcim: token with a prefix',
      provider: 'helcim',
      raw: helcim(sw(key, 'msg_1', ts, body)),
      secrets: [`hook_${token}`],
      cause: 'secret-prefix',
      storable: false,
    },
    {
      name: 'Helcim: token not base64',
      provider: 'helcim',
      raw: helcim(sw(key, 'msg_1', ts, body)),
      secrets: ['not base64!'],
      cause: 'secret-malformed',
      storable: false,
    },
    {
      name: 'Helcim: timestamp in ms',
      provider: 'helcim',
      raw: helcim(sw(key, 'msg_1', nowMs, body), nowMs),
      secrets: [token],
      cause: 'timestamp-milliseconds',
    },
    {
      name: 'Helcim: timestamp too old',
      provider: 'helcim',
      raw: helcim(sw(key, 'msg_1', ts - 3600, body), ts - 3600),
      secrets: [token],
      cause: 'timestamp-outside-tolerance',
    },
    {
      name: 'Helcim: wrong token',
      provider: 'helcim',
      raw: helcim(sw(randomBytes(24), 'msg_1', ts, body)),
      secrets: [token],
      cause: 'signature-mismatch',
    },
    {
      name: 'Helcim: headers missing',
      provider: 'helcim',
      raw: `webhook-id: msg_1\n\n${body}`,
      secrets: [token],
      cause: 'missing-headers',
    },
    {
      name: 'Helcim: a Gr4vy request',
      provider: 'helcim',
      raw: gr4vy(hex(secret, ts)),
      secrets: [token],
      cause: 'other-provider',
    },
    {
      name: 'Helcim: not v1,<base64>',
      provider: 'helcim',
      raw: helcim('sha256=abc'),
      secrets: [token],
      cause: 'malformed-signature',
    },
    { name: 'Gr4vy: valid', provider: 'gr4vy', raw: gr4vy(hex(secret, ts)), secrets: [secret] },
    {
      name: 'Gr4vy: valid with the previous secret',
      provider: 'gr4vy',
      raw: gr4vy(hex(secret, ts)),
      secrets: [randomBytes(18).toString('hex'), secret],
    },
    {
      name: 'Gr4vy: legacy header names',
      provider: 'gr4vy',
      raw: gr4vy(hex(secret, ts), ts, body, ['X-Gr4vy-Signature', 'X-Gr4vy-Timestamp']),
      secrets: [secret],
      cause: 'legacy-headers',
    },
    {
      name: 'Gr4vy: body re-serialised',
      provider: 'gr4vy',
      raw: gr4vy(hex(secret, ts), ts, pretty),
      secrets: [secret],
      cause: 'body-changed',
    },
    {
      name: 'Gr4vy: secret base64-decoded',
      provider: 'gr4vy',
      raw: gr4vy(hex(Buffer.from(b64secret, 'base64'), ts)),
      secrets: [b64secret],
      cause: 'secret-decoded',
    },
    {
      name: 'Gr4vy: secret with a prefix',
      provider: 'gr4vy',
      raw: gr4vy(hex(secret, ts)),
      secrets: [`whsec_${secret}`],
      cause: 'secret-prefix',
    },
    {
      name: 'Gr4vy: timestamp in ms',
      provider: 'gr4vy',
      raw: gr4vy(hex(secret, nowMs), nowMs),
      secrets: [secret],
      cause: 'timestamp-milliseconds',
    },
    {
      name: 'Gr4vy: timestamp in the future',
      provider: 'gr4vy',
      raw: gr4vy(hex(secret, ts + 900), ts + 900),
      secrets: [secret],
      cause: 'timestamp-outside-tolerance',
    },
    {
      name: 'Gr4vy: wrong secret',
      provider: 'gr4vy',
      raw: gr4vy(hex(randomBytes(18).toString('hex'), ts)),
      secrets: [secret],
      cause: 'signature-mismatch',
    },
    {
      name: 'Gr4vy: a Helcim request',
      provider: 'gr4vy',
      raw: helcim(sw(key, 'msg_1', ts, body)),
      secrets: [secret],
      cause: 'other-provider',
    },
    { name: 'Gr4vy: not hex', provider: 'gr4vy', raw: gr4vy('abc'), secrets: [secret], cause: 'malformed-signature' },
    {
      name: 'Gr4vy: headers missing',
      provider: 'gr4vy',
      raw: `X-Gr4vy-Webhook-ID: 1\n\n${body}`,
      secrets: [secret],
      cause: 'missing-headers',
    },
  ];
}
