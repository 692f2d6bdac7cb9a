import { randomInt, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { invalidInput } from '../errors';
import { gr4vySignature } from '../providers/gr4vy/webhook';

export type WebhookProvider = 'helcim' | 'gr4vy';

/** A signed delivery, as the provider would send it. */
export interface SignedDelivery {
  headers: Record<string, string>;
  body: string;
}

/** Helcim's card transaction event: `{"id": "<transaction id>", "type": "cardTransaction"}`. */
export function sampleHelcimEvent(): string {
  return JSON.stringify({ id: String(randomInt(10_000_000, 99_999_999)), type: 'cardTransaction' });
}

/** A Gr4vy event: `{type: "event", name, target: {…}}` for a captured transaction. */
export function sampleGr4vyEvent(now = new Date()): string {
  return JSON.stringify({
    type: 'event',
    id: randomUUID(),
    name: 'transaction.captured',
    created_at: now.toISOString(),
    target: {
      type: 'transaction',
      id: randomUUID(),
      status: 'capture_succeeded',
      amount: 1299,
      currency: 'USD',
      merchant_account_id: 'default',
    },
  });
}

/**
 * Signs `body` as the provider does. Helcim: Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64>`, the `standardwebhooks` package's signer) with the verifier
 * token. Gr4vy: `X-Gr4vy-Webhook-*` with one hex signature per secret (two during a rotation).
 */
export function signDelivery(
  provider: WebhookProvider,
  secrets: readonly string[],
  body: string,
  opts: { nowMs?: number; id?: string } = {},
): SignedDelivery {
  if (!secrets.length) throw invalidInput('No secret to sign with');
  const seconds = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (provider === 'helcim') {
    const id = opts.id ?? `msg_${randomUUID().replace(/-/g, '')}`;
    let signature: string;
    try {
      signature = secrets.map((s) => new Webhook(s.trim()).sign(id, new Date(seconds * 1000), body)).join(' ');
    } catch {
      throw invalidInput(
        'The Helcim verifier token is not base64',
        'Copy it again from Helcim (All Tools > Integrations > Webhooks).',
      );
    }
    return {
      headers: { ...headers, 'webhook-id': id, 'webhook-timestamp': String(seconds), 'webhook-signature': signature },
      body,
    };
  }
  return {
    headers: {
      ...headers,
      'x-gr4vy-webhook-id': opts.id ?? randomUUID(),
      'x-gr4vy-webhook-timestamp': String(seconds),
      'x-gr4vy-webhook-signatures': secrets.map((s) => gr4vySignature(s.trim(), String(seconds), body)).join(','),
    },
    body,
  };
}

/** The delivery as raw HTTP text (what `payapi webhook verify` and the inspector read). */
export function toRawRequest(d: SignedDelivery, path = '/webhooks'): string {
  const lines = [`POST ${path} HTTP/1.1`, ...Object.entries(d.headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n${d.body}`;
}
