import { randomInt, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { invalidInput } from '../../errors';
import { bodyChanged } from '../../webhooks/bodyVariants';
import type { SignedDelivery } from '../../webhooks/deliver';
import { type RawRequest, header } from '../../webhooks/rawRequest';
import { type Diagnosis, type WebhookVerdict, sameSignature, shortSig, startVerdict } from '../../webhooks/verdict';
import { GR4VY_SIGNATURES } from '../gr4vy/webhook';
import type { SignOptions, VerifyOptions, WebhookSpec } from '../webhookSpec';

/** Where Helcim shows the webhook verifier token. */
const WHERE = 'All Tools > Integrations > Webhooks';

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A Standard Webhooks signer over the verifier token (base64, `whsec_` allowed), or `raw` text as the key. */
function signer(secret: string, raw = false): Webhook | undefined {
  try {
    return raw ? new Webhook(secret, { format: 'raw' }) : new Webhook(secret);
  } catch {
    return undefined;
  }
}

/** The v1 signatures of a `webhook-signature` header ("v1,<base64> v1,<base64>"). */
function v1Signatures(value: string): string[] {
  return value
    .split(' ')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1,'))
    .map((s) => s.slice(3));
}

function missingHeaders(req: RawRequest): Diagnosis | undefined {
  const missing = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].filter((h) => header(req, h) === undefined);
  if (!missing.length) return undefined;
  if (header(req, GR4VY_SIGNATURES) !== undefined || header(req, 'x-gr4vy-signature') !== undefined)
    return {
      cause: 'other-provider',
      message: 'This request carries Gr4vy signature headers (X-Gr4vy-…), not Helcim’s webhook-* headers',
      advice: 'Verify it as a Gr4vy webhook, with the Gr4vy webhook secret.',
    };
  if (header(req, 'svix-signature') !== undefined)
    return {
      cause: 'missing-headers',
      message: 'The request has svix-id/svix-timestamp/svix-signature, not webhook-id/-timestamp/-signature',
      advice: 'Helcim sends the Standard Webhooks names (webhook-*); a proxy or library renamed them.',
    };
  return {
    cause: 'missing-headers',
    message: `Missing header${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    advice: 'Capture the request with all its headers (a proxy or framework may have dropped them).',
  };
}

/**
 * Verifies a Helcim webhook (Standard Webhooks: HMAC-SHA256 over `id.timestamp.body`, keyed with the
 * base64-decoded verifier token; the check is the `standardwebhooks` package's). When it fails, it
 * says why: missing or foreign headers, a changed body, a token used undecoded or with a prefix, a
 * timestamp in milliseconds or out of tolerance.
 */
export function verifyHelcimWebhook(req: RawRequest, verifierToken: string, opts: VerifyOptions = {}): WebhookVerdict {
  const id = header(req, 'webhook-id');
  const verdict = startVerdict('helcim-webhook', id);
  const missing = missingHeaders(req);
  if (missing) return verdict.fail([missing]);
  const ts = header(req, 'webhook-timestamp') ?? '';
  const sigs = v1Signatures(header(req, 'webhook-signature') ?? '');
  verdict.check(`webhook-id ${id ?? ''}, webhook-timestamp ${ts}, ${sigs.length} v1 signature(s)`);
  if (!sigs.length) {
    const raw = header(req, 'webhook-signature') ?? '';
    const hex = raw.split(',').every((s) => /^[0-9a-f]{64}$/i.test(s.trim()));
    return verdict.fail([
      hex
        ? {
            cause: 'other-provider',
            message: 'The signature is hex (Gr4vy’s scheme), not Standard Webhooks’ "v1,<base64>"',
            advice: 'Verify it as a Gr4vy webhook, or check what signed it.',
          }
        : {
            cause: 'malformed-signature',
            message: `webhook-signature holds no "v1,<base64>" entry ("${raw.slice(0, 24)}")`,
            advice: 'The header is space-separated versioned signatures, e.g. "v1,K5oZ…=".',
          },
    ]);
  }
  const timeCauses = verdict.timestamp(ts, opts);
  const tsNumber = /^\d{1,16}$/.test(ts.trim()) ? Number(ts.trim()) : NaN;
  const at = new Date(Number.isNaN(tsNumber) ? 0 : tsNumber * 1000);
  const secret = verifierToken.trim();
  const matches = (wh: Webhook | undefined, body: string) => {
    if (!wh || Number.isNaN(tsNumber)) return -1;
    const expected = wh.sign(id ?? '', at, body).slice(3);
    return sigs.findIndex((s) => sameSignature(s, expected));
  };
  const wh = signer(secret);
  const hit = matches(wh, req.body);
  if (hit >= 0) {
    const matched = `signature ${hit + 1} of ${sigs.length} (v1,${shortSig(sigs[hit] ?? '')})`;
    verdict.matched(matched);
    verdict.check(`HMAC-SHA256 with the decoded verifier token: ${matched} matches`);
    return timeCauses.length ? verdict.fail(timeCauses) : verdict.pass();
  }
  verdict.check('HMAC-SHA256 with the decoded verifier token: no signature matches');
  return verdict.fail([...diagnoseHelcim(req, secret, wh, matches), ...timeCauses]);
}

function diagnoseHelcim(
  req: RawRequest,
  secret: string,
  wh: Webhook | undefined,
  matches: (wh: Webhook | undefined, body: string) => number,
): Diagnosis[] {
  const causes: Diagnosis[] = [];
  const changed = bodyChanged(req.body, (text) => matches(wh, text) >= 0);
  if (changed) causes.push(changed);
  if (matches(signer(secret, true), req.body) >= 0)
    causes.push({
      cause: 'secret-not-decoded',
      message: 'The signature was made with the verifier token as text, not base64-decoded',
      advice: 'Standard Webhooks keys are the base64-decoded token: decode it before computing the HMAC.',
    });
  const unprefixed = /^[A-Za-z]{2,12}_(.+)$/.exec(secret)?.[1];
  if (unprefixed && !secret.startsWith('whsec_') && matches(signer(unprefixed), req.body) >= 0)
    causes.push({
      cause: 'secret-prefix',
      message: `The verifier token given carries a prefix ("${secret.split('_')[0] ?? ''}_"); without it, it matches`,
      advice: `Use the token exactly as Helcim shows it in ${WHERE}.`,
    });
  if (!causes.some((c) => c.cause === 'secret-prefix') && (!wh || !B64.test(secret.replace(/^whsec_/, ''))))
    causes.push({
      cause: 'secret-malformed',
      message: 'The verifier token is not base64',
      advice: `Copy it again from Helcim (${WHERE}): it is a base64 string.`,
    });
  if (!causes.length)
    causes.push({
      cause: 'signature-mismatch',
      message: 'No signature matches this verifier token',
      advice:
        `The token is not this account’s (copy it again from ${WHERE}), or the id, ` +
        'timestamp or body are not the ones Helcim sent.',
    });
  return causes;
}

/** Helcim's card transaction event: `{"id": "<transaction id>", "type": "cardTransaction"}`. */
export function sampleHelcimEvent(): string {
  return JSON.stringify({ id: String(randomInt(10_000_000, 99_999_999)), type: 'cardTransaction' });
}

/**
 * Signs `body` as Helcim does: Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64>`, the `standardwebhooks` package's signer) with the verifier token.
 */
function signHelcim(secrets: readonly string[], body: string, opts: SignOptions = {}): SignedDelivery {
  const seconds = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  const id = opts.id ?? `msg_${randomUUID().replace(/-/g, '')}`;
  let signature: string;
  try {
    signature = secrets.map((s) => new Webhook(s.trim()).sign(id, new Date(seconds * 1000), body)).join(' ');
  } catch {
    throw invalidInput('The Helcim verifier token is not base64', `Copy it again from Helcim (${WHERE}).`);
  }
  return {
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(seconds),
      'webhook-signature': signature,
    },
    body,
  };
}

/** Helcim's verifier token is base64 (Standard Webhooks; a `whsec_` prefix is allowed). */
function validateVerifierToken(v: string): string {
  try {
    new Webhook(v);
  } catch {
    throw invalidInput('The webhook verifier token is not base64', `Copy it again from Helcim: ${WHERE}.`);
  }
  if (!/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/.test(v)) throw invalidInput('The webhook verifier token is not base64');
  return v;
}

/** Helcim's webhooks: Standard Webhooks signatures with one verifier token per account. */
export const HELCIM_WEBHOOKS: WebhookSpec = {
  webhookSecretNoun: 'webhook verifier token',
  where: WHERE,
  maxSecrets: 1,
  kind: 'helcim-webhook',
  idHeader: 'webhook-id',
  validateSecret: validateVerifierToken,
  verify: (req, secrets, opts) => verifyHelcimWebhook(req, secrets[0] ?? '', opts),
  sign: signHelcim,
  sampleEvent: sampleHelcimEvent,
};
