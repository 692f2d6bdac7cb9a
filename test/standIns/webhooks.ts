// Webhook deliveries as the providers sign them, written here from PROVIDERS.md rather than taken
// from src/, so a delivery from a stand-in checks the extension's verifier instead of agreeing with it.
import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';

/** Where a stand-in delivers its events (the dashboard's webhook URL) and the secret it signs with. */
export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface SignedEvent {
  headers: Record<string, string>;
  body: string;
}

/**
 * Helcim (Standard Webhooks): `webhook-signature: v1,<base64 HMAC-SHA256>` over
 * `${id}.${timestamp}.${body}`, keyed with the base64-decoded verifier token (`whsec_` optional).
 */
export function signHelcimEvent(verifierToken: string, body: string, nowMs = Date.now()): SignedEvent {
  const id = `msg_${randomUUID().replace(/-/g, '')}`;
  const timestamp = String(Math.floor(nowMs / 1000));
  const key = Buffer.from(verifierToken.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    },
    body,
  };
}

/**
 * Gr4vy: `X-Gr4vy-Webhook-Signatures` = hex HMAC-SHA256 over `${timestamp}.${body}`, keyed with the
 * webhook secret as text; the timestamp and id in their own headers.
 */
export function signGr4vyEvent(secret: string, body: string, nowMs = Date.now()): SignedEvent {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    headers: {
      'content-type': 'application/json',
      'x-gr4vy-webhook-id': randomUUID(),
      'x-gr4vy-webhook-timestamp': timestamp,
      'x-gr4vy-webhook-signatures': createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'),
    },
    body,
  };
}

/**
 * POSTs a signed event to `url` (only ever on this machine) and logs `→ 200` or the error. Never
 * rejects: a provider does not fail a payment because the merchant's endpoint is down.
 */
export function postEvent(url: string, event: SignedEvent, log: string[]): Promise<void> {
  const u = new URL(url);
  if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') {
    log.push(`webhook not sent: ${u.hostname} is not this machine`);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const req = request(
      u,
      {
        method: 'POST',
        headers: { ...event.headers, 'content-length': String(Buffer.byteLength(event.body)) },
        timeout: 5_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          log.push(`webhook → ${res.statusCode ?? 0}`);
          resolve();
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => {
      log.push(`webhook failed: ${(e as NodeJS.ErrnoException).code ?? e.message}`);
      resolve();
    });
    req.end(event.body);
  });
}
