import { createHmac, randomUUID } from 'node:crypto';
import { bodyChanged } from '../../webhooks/bodyVariants';
import type { SignedDelivery } from '../../webhooks/deliver';
import { type RawRequest, header } from '../../webhooks/rawRequest';
import { type Diagnosis, type WebhookVerdict, sameSignature, shortSig, startVerdict } from '../../webhooks/verdict';
import type { SignOptions, VerifyOptions, WebhookSpec } from '../webhookSpec';

export const GR4VY_SIGNATURES = 'x-gr4vy-webhook-signatures';
export const GR4VY_TIMESTAMP = 'x-gr4vy-webhook-timestamp';
export const GR4VY_ID = 'x-gr4vy-webhook-id';
const LEGACY_SIGNATURE = 'x-gr4vy-signature';
const LEGACY_TIMESTAMP = 'x-gr4vy-timestamp';

/** Gr4vy's signature: hex HMAC-SHA256 of `timestamp.body` keyed with the secret as text (as the SDK reads it). */
export function gr4vySignature(secret: string | Buffer, timestamp: string, body: string): string {
  return createHmac('sha256', secret)
    .update(`${parseInt(timestamp, 10)}.${body}`)
    .digest('hex');
}

/**
 * Verifies a Gr4vy webhook against one secret, or two during a rotation (any signature may match
 * any secret), as the SDK's `verifyWebhook` does, and says why it fails: legacy header names,
 * Standard Webhooks headers, a changed body, a secret base64-decoded or carrying a prefix, a
 * timestamp in milliseconds or out of tolerance.
 */
export function verifyGr4vyWebhook(
  req: RawRequest,
  secrets: readonly string[],
  opts: VerifyOptions = {},
): WebhookVerdict {
  const verdict = startVerdict('gr4vy-webhook', header(req, GR4VY_ID));
  let sigHeader = header(req, GR4VY_SIGNATURES);
  let ts = header(req, GR4VY_TIMESTAMP);
  const causes: Diagnosis[] = [];
  if (sigHeader === undefined || ts === undefined) {
    const legacySig = header(req, LEGACY_SIGNATURE);
    const legacyTs = header(req, LEGACY_TIMESTAMP);
    if (legacySig !== undefined || legacyTs !== undefined) {
      causes.push({
        cause: 'legacy-headers',
        message:
          'The request has X-Gr4vy-Signature/X-Gr4vy-Timestamp (names from older SDK docs), not ' +
          'X-Gr4vy-Webhook-Signatures/-Timestamp',
        advice:
          'Gr4vy sends X-Gr4vy-Webhook-Signatures and X-Gr4vy-Webhook-Timestamp: read those in your handler ' +
          '(and in any test sender).',
      });
      sigHeader ??= legacySig;
      ts ??= legacyTs;
    } else if (header(req, 'webhook-signature') !== undefined) {
      return verdict.fail([
        {
          cause: 'other-provider',
          message: 'This request carries Standard Webhooks headers (webhook-*, Helcim’s scheme), not X-Gr4vy-Webhook-*',
          advice: 'Verify it as a Helcim webhook, with the Helcim verifier token.',
        },
      ]);
    }
    if (sigHeader === undefined || ts === undefined) {
      const missing = [
        [GR4VY_SIGNATURES, sigHeader],
        [GR4VY_TIMESTAMP, ts],
      ].filter(([, v]) => v === undefined);
      return verdict.fail([
        ...causes,
        {
          cause: 'missing-headers',
          message: `Missing header${missing.length > 1 ? 's' : ''}: ${missing.map(([n]) => n).join(', ')}`,
          advice: 'Capture the request with all its headers (a proxy or framework may have dropped them).',
        },
      ]);
    }
  }
  const sigs = sigHeader
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  verdict.check(`timestamp ${ts}, ${sigs.length} signature(s), ${secrets.length} secret(s)`);
  if (!sigs.some((s) => /^[0-9a-f]{64}$/.test(s))) {
    const standard = sigs.some((s) => s.startsWith('v1,'));
    return verdict.fail([
      ...causes,
      standard
        ? {
            cause: 'other-provider',
            message: 'The signature is Standard Webhooks’ "v1,<base64>" (Helcim’s scheme), not Gr4vy’s hex',
            advice: 'Verify it as a Helcim webhook, or check what signed it.',
          }
        : {
            cause: 'malformed-signature',
            message: `The signature header holds no 64-digit hex signature ("${sigHeader.slice(0, 24)}")`,
            advice: 'Gr4vy sends comma-separated hex HMAC-SHA256 values.',
          },
    ]);
  }
  const timeCauses = verdict.timestamp(ts, opts);
  const tsValue = ts;
  const matchOf = (keys: readonly (string | Buffer)[], body: string) => {
    for (const [k, key] of keys.entries()) {
      const expected = gr4vySignature(key, tsValue, body);
      const i = sigs.findIndex((s) => sameSignature(s, expected));
      if (i >= 0) return { sig: i, secret: k };
    }
    return undefined;
  };
  const keys = secrets.map((s) => s.trim());
  const hit = matchOf(keys, req.body);
  if (hit) {
    const which = secrets.length > 1 ? ` with the ${hit.secret === 0 ? 'current' : 'previous'} secret` : '';
    const matched = `signature ${hit.sig + 1} of ${sigs.length} (${shortSig(sigs[hit.sig] ?? '')})${which}`;
    verdict.matched(matched);
    verdict.check(`hex HMAC-SHA256 of "timestamp.body": ${matched} matches`);
    return causes.length || timeCauses.length ? verdict.fail([...causes, ...timeCauses]) : verdict.pass();
  }
  verdict.check('hex HMAC-SHA256 of "timestamp.body": no signature matches');
  return verdict.fail([...causes, ...diagnoseGr4vy(req.body, keys, matchOf), ...timeCauses]);
}

function diagnoseGr4vy(
  body: string,
  keys: readonly string[],
  matchOf: (keys: readonly (string | Buffer)[], body: string) => unknown,
): Diagnosis[] {
  const causes: Diagnosis[] = [];
  const changed = bodyChanged(body, (text) => !!matchOf(keys, text));
  if (changed) causes.push(changed);
  const decoded = keys.filter((k) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(k)).map((k) => Buffer.from(k, 'base64'));
  if (decoded.length && matchOf(decoded, body))
    causes.push({
      cause: 'secret-decoded',
      message: 'The signature was made with the secret base64-decoded; Gr4vy keys the HMAC with the secret as text',
      advice: 'Use the webhook secret string as it is, not decoded.',
    });
  const unprefixed = keys.map((k) => /^[A-Za-z]{2,12}_(.+)$/.exec(k)?.[1]).filter((k): k is string => !!k);
  if (unprefixed.length && matchOf(unprefixed, body))
    causes.push({
      cause: 'secret-prefix',
      message: 'The secret given carries a prefix (like "whsec_"); without it, it matches',
      advice: 'Use the webhook secret exactly as Gr4vy shows it.',
    });
  if (!causes.length)
    causes.push({
      cause: 'signature-mismatch',
      message: `No signature matches ${keys.length > 1 ? 'either secret' : 'this secret'}`,
      advice:
        'The secret is not this webhook subscription’s (after a rotation, give both the new and the old), or the ' +
        'body or timestamp are not the ones Gr4vy sent.',
    });
  return causes;
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

/** Signs `body` as Gr4vy does: `X-Gr4vy-Webhook-*` with one hex signature per secret (two during a rotation). */
function signGr4vy(secrets: readonly string[], body: string, opts: SignOptions = {}): SignedDelivery {
  const seconds = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  return {
    headers: {
      'content-type': 'application/json',
      [GR4VY_ID]: opts.id ?? randomUUID(),
      [GR4VY_TIMESTAMP]: String(seconds),
      [GR4VY_SIGNATURES]: secrets.map((s) => gr4vySignature(s.trim(), String(seconds), body)).join(','),
    },
    body,
  };
}

/** Gr4vy's webhooks: hex HMAC-SHA256 signatures, one per secret; two secrets during a rotation. */
export const GR4VY_WEBHOOKS: WebhookSpec = {
  webhookSecretNoun: 'webhook secret',
  where: 'Integrations > Webhooks, the subscription’s secret',
  maxSecrets: 2,
  kind: 'gr4vy-webhook',
  idHeader: GR4VY_ID,
  // Gr4vy's secret is used as text: the common checks (no spaces, no quotes) are all it needs.
  validateSecret: (v) => v,
  verify: verifyGr4vyWebhook,
  sign: signGr4vy,
  sampleEvent: sampleGr4vyEvent,
};
