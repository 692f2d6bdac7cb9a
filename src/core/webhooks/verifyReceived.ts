import type { WebhookProvider } from './events';
import { verifyGr4vyWebhook } from '../providers/gr4vy/webhook';
import { verifyHelcimWebhook } from '../providers/helcim/webhook';
import type { RawRequest } from './rawRequest';
import type { WebhookVerdict } from './verdict';

/**
 * The verdict on a delivery the receiver took, with the account's webhook secrets (Helcim has
 * one; Gr4vy may have two during a rotation). Without a secret it is never ok. Never throws.
 */
export function verifyReceived(provider: WebhookProvider, raw: RawRequest, secrets: readonly string[]): WebhookVerdict {
  if (!secrets.length) return noSecretVerdict(provider);
  return provider === 'helcim' ? verifyHelcimWebhook(raw, secrets[0] ?? '') : verifyGr4vyWebhook(raw, [...secrets]);
}

function noSecretVerdict(provider: WebhookProvider): WebhookVerdict {
  const summary = 'Not verified: the account has no webhook secret';
  return {
    ok: false,
    kind: provider === 'helcim' ? 'helcim-webhook' : 'gr4vy-webhook',
    summary,
    checks: [],
    causes: [
      {
        cause: 'signature-mismatch',
        message: 'The account has no webhook secret',
        hint: 'Set it on the account (Set Webhook Secret…) and send the event again.',
      },
    ],
  };
}
