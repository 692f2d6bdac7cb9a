import { Webhook } from 'standardwebhooks';
import type { ProviderId } from '../providers/accountTypes';
import { invalidInput } from '../errors';

/** What each provider calls the webhook secret. */
export const WEBHOOK_SECRET_NOUN: Record<ProviderId, string> = {
  helcim: 'webhook verifier token',
  gr4vy: 'webhook secret',
};

/**
 * Checks a pasted webhook secret; returns it trimmed. Helcim's verifier token is base64 (Standard
 * Webhooks; a `whsec_` prefix is allowed). Gr4vy's secret is used as text: no spaces, no quotes.
 */
export function validateWebhookSecret(provider: ProviderId, input: string): string {
  const v = input.trim().replace(/^(["'])(.*)\1$/, '$2');
  const noun = WEBHOOK_SECRET_NOUN[provider];
  if (v === '') throw invalidInput(`The ${noun} is empty`);
  if (/\s/.test(v)) throw invalidInput(`The ${noun} contains a space or line break`, 'Paste it again, as one line.');
  if (v.length < 16) throw invalidInput(`The ${noun} is only ${v.length} characters long; it is longer than that`);
  if (v.length > 1024) throw invalidInput(`The ${noun} is ${v.length} characters long: that is not one`);
  if (provider === 'helcim') {
    try {
      new Webhook(v);
    } catch {
      throw invalidInput(
        'The webhook verifier token is not base64',
        'Copy it again from Helcim: All Tools > Integrations > Webhooks.',
      );
    }
    if (!/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/.test(v)) throw invalidInput('The webhook verifier token is not base64');
  }
  return v;
}
