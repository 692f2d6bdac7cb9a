import type { ProviderId } from '../providers/accountTypes';
import { webhooksOf } from '../providers/registry';
import { invalidInput } from '../errors';

/**
 * Checks a pasted webhook secret; returns it trimmed and unquoted. The common checks (not empty,
 * one line, 16 to 1024 characters) are made here, the provider's own (Helcim: base64) by its spec.
 * Throws an AppError naming the problem in the provider's words, never the secret.
 */
export function validateWebhookSecret(provider: ProviderId, input: string): string {
  const webhooks = webhooksOf(provider);
  const v = input.trim().replace(/^(["'])(.*)\1$/, '$2');
  const noun = webhooks.webhookSecretNoun;
  if (v === '') throw invalidInput(`The ${noun} is empty`);
  if (/\s/.test(v)) throw invalidInput(`The ${noun} contains a space or line break`, 'Paste it again, as one line.');
  if (v.length < 16) throw invalidInput(`The ${noun} is only ${v.length} characters long; it is longer than that`);
  if (v.length > 1024) throw invalidInput(`The ${noun} is ${v.length} characters long: that is not one`);
  return webhooks.validateSecret(v);
}
