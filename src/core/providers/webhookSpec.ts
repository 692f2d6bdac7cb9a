import type { SignedDelivery } from '../webhooks/deliver';
import type { RawRequest } from '../webhooks/rawRequest';
import type { WebhookVerdict, WebhookVerdictKind } from '../webhooks/verdict';

/** How a webhook verifier is shaped by the caller: the clock (tests) and the timestamp tolerance. */
export interface VerifyOptions {
  /** The clock, ms since the epoch (tests); default now. */
  nowMs?: number;
  /** Seconds a timestamp may be off (default 300). */
  toleranceS?: number;
}

/** How a delivery is signed: the clock (tests) and the delivery's id (default a fresh one). */
export interface SignOptions {
  nowMs?: number;
  id?: string;
}

/**
 * Everything the extension knows about one provider's webhooks. The webhook code (receiver,
 * inspector, `payapi webhook`, the secret commands) reads it from the registry and never names a
 * provider. The concept is the "webhook secret"; `webhookSecretNoun` is the provider's own word for it
 * (the account's credential is `ProviderSpec.secretNoun`).
 */
export interface WebhookSpec {
  /** What the provider calls its webhook secret: "webhook verifier token", "webhook secret". */
  webhookSecretNoun: string;
  /** Where the webhook secret is found in the provider's dashboard: "All Tools > Integrations > Webhooks". */
  where: string;
  /** How many webhook secrets an account holds at once (2: old and new, during a rotation). */
  maxSecrets: number;
  /** The verdict kind of this provider's deliveries: "helcim-webhook". */
  kind: WebhookVerdictKind;
  /** The header holding a delivery's id. */
  idHeader: string;
  /**
   * The provider's own checks on a webhook secret that passed the common ones (not empty, one line,
   * 16 to 1024 characters); returns it as stored. Throws an AppError naming the problem.
   */
  validateSecret(value: string): string;
  /** Verifies a delivery with the account's webhook secrets (at most `maxSecrets`). Never throws. */
  verify(req: RawRequest, secrets: readonly string[], opts?: VerifyOptions): WebhookVerdict;
  /** Signs `body` as the provider does, with every secret given. Throws when a secret cannot sign. */
  sign(secrets: readonly string[], body: string, opts?: SignOptions): SignedDelivery;
  /** A realistic event body, for test deliveries. */
  sampleEvent(now?: Date): string;
}
