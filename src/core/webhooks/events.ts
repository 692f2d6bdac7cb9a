// The webhook code's one way to a provider's webhooks: signing and verifying through the registry.
import type { ProviderId } from '../providers/accountTypes';
import { webhooksOf } from '../providers/registry';
import type { SignOptions } from '../providers/webhookSpec';
import { invalidInput } from '../errors';
import type { SignedDelivery } from './deliver';
import type { RawRequest } from './rawRequest';
import type { WebhookVerdict } from './verdict';

/**
 * Signs `body` as the provider does, with every secret given (Gr4vy: two during a rotation). Throws
 * when there is no secret, a secret cannot sign, or the provider sends no webhooks.
 */
export function signDelivery(
  provider: ProviderId,
  secrets: readonly string[],
  body: string,
  opts: SignOptions = {},
): SignedDelivery {
  if (!secrets.length) throw invalidInput('No secret to sign with');
  return webhooksOf(provider).sign(secrets, body, opts);
}

/** The delivery as raw HTTP text (what `payapi webhook verify` and the inspector read). */
export function toRawRequest(d: SignedDelivery, path = '/webhooks'): string {
  const lines = [`POST ${path} HTTP/1.1`, ...Object.entries(d.headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n${d.body}`;
}

/**
 * The verdict on a delivery the receiver took, with the account's webhook secrets (Helcim has
 * one; Gr4vy may have two during a rotation). Without a secret it is never ok. Throws only when
 * the provider sends no webhooks.
 */
export function verifyReceived(provider: ProviderId, raw: RawRequest, secrets: readonly string[]): WebhookVerdict {
  const webhooks = webhooksOf(provider);
  if (!secrets.length) return noSecretVerdict(webhooks.kind);
  return webhooks.verify(raw, secrets);
}

function noSecretVerdict(kind: WebhookVerdict['kind']): WebhookVerdict {
  const summary = 'Not verified: the account has no webhook secret';
  return {
    ok: false,
    kind,
    summary,
    checks: [],
    causes: [
      {
        cause: 'signature-mismatch',
        message: 'The account has no webhook secret',
        advice: 'Set it on the account (Set Webhook Secret…) and send the event again.',
      },
    ],
  };
}
