import { timingSafeEqual } from 'node:crypto';

/** Why a webhook or HelcimPay.js response did not verify, most likely first. */
export type WebhookCause =
  | 'missing-headers'
  | 'legacy-headers'
  | 'other-provider'
  | 'malformed-signature'
  | 'body-changed'
  | 'secret-not-decoded'
  | 'secret-decoded'
  | 'secret-prefix'
  | 'secret-malformed'
  | 'timestamp-milliseconds'
  | 'timestamp-outside-tolerance'
  | 'timestamp-malformed'
  | 'signature-mismatch'
  | 'hash-mismatch'
  | 'malformed-response';

export interface Diagnosis {
  cause: WebhookCause;
  message: string;
  /** What to do about it. */
  advice: string;
}

/** What a verdict is about: a provider's webhook ("helcim-webhook") or a HelcimPay.js response. */
export type WebhookVerdictKind = `${string}-webhook` | 'helcimpay-response';

/**
 * The verdict on one webhook delivery or HelcimPay.js response, for people and for tests. Holds
 * no secret: signatures are shown shortened, secrets never.
 */
export interface WebhookVerdict {
  ok: boolean;
  kind: WebhookVerdictKind;
  /** One line: "Verified: …" or "Not verified: …". */
  summary: string;
  /** Valid: which signature (or encoding) matched. */
  matched?: string;
  /** Seconds between the signature's timestamp and now (negative: in the future). */
  ageSeconds?: number;
  /** Invalid: the likely causes, most likely first. */
  causes: Diagnosis[];
  /** The checks made, in order, for the details view. */
  checks: string[];
  /** The delivery's id header, when present. */
  id?: string;
}

/** Compares a received signature with the expected one in constant time. */
export function sameSignature(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Default tolerance for a signature's timestamp (Standard Webhooks and the Gr4vy SDKs: 5 minutes). */
export const DEFAULT_TOLERANCE_S = 300;

/** "12 s", "3 min", "2 h", "5 days" */
export function describeAge(seconds: number): string {
  const s = Math.abs(seconds);
  const text =
    s < 120
      ? `${Math.round(s)} s`
      : s < 7200
        ? `${Math.round(s / 60)} min`
        : s < 172800
          ? `${Math.round(s / 3600)} h`
          : `${Math.round(s / 86400)} days`;
  return seconds < 0 ? `${text} in the future` : `${text} old`;
}

/** A signature shortened for display: its first 8 characters. */
export function shortSig(sig: string): string {
  return sig.length > 12 ? `${sig.slice(0, 8)}…` : sig;
}

/**
 * Checks a timestamp header against `now` and the tolerance. A value of 13 digits or more is in
 * milliseconds, which Standard Webhooks and Gr4vy do not use.
 */
export function timestampCauses(
  raw: string | undefined,
  nowMs: number,
  toleranceS: number,
): {
  causes: Diagnosis[];
  ageSeconds?: number;
} {
  if (raw === undefined) return { causes: [] };
  const value = raw.trim();
  if (!/^\d{1,16}$/.test(value))
    return {
      causes: [
        {
          cause: 'timestamp-malformed',
          message: `The timestamp "${value.slice(0, 30)}" is not a whole number of seconds`,
          advice: 'The timestamp header holds Unix time in seconds, e.g. 1767225600.',
        },
      ],
    };
  const n = Number(value);
  if (value.length >= 13)
    return {
      causes: [
        {
          cause: 'timestamp-milliseconds',
          message: `The timestamp ${value} is in milliseconds`,
          advice: 'Signatures use Unix time in seconds: whoever signed this used Date.now() without dividing by 1000.',
        },
      ],
    };
  const age = Math.round(nowMs / 1000 - n);
  if (Math.abs(age) > toleranceS)
    return {
      ageSeconds: age,
      causes: [
        {
          cause: 'timestamp-outside-tolerance',
          message: `The timestamp is ${describeAge(age)}, outside the ${toleranceS} s tolerance`,
          advice:
            age > 0
              ? 'A replayed or long-queued delivery, or a wrong clock: check the server clock (NTP), or raise the ' +
                'tolerance for replays you trust.'
              : "The sender's clock is ahead, or this clock is behind: check both (NTP).",
        },
      ],
    };
  return { causes: [], ageSeconds: age };
}

/**
 * A webhook verdict as the verification makes it: the checks made, the timestamp's age and the
 * signature that matched are recorded on the way, and both endings (`fail`, `pass`) carry them.
 */
export function startVerdict(kind: WebhookVerdictKind, id: string | undefined) {
  const verdict: WebhookVerdict = { ok: false, kind, summary: '', causes: [], checks: [], ...(id ? { id } : {}) };
  return {
    /** Records a check made, for the details view. */
    check(text: string): void {
      verdict.checks.push(text);
    },
    /**
     * Checks the timestamp header against the clock (default now) and the tolerance (default
     * {@link DEFAULT_TOLERANCE_S}), records its age, and returns what is wrong with it.
     */
    timestamp(raw: string | undefined, opts: { nowMs?: number; toleranceS?: number }): Diagnosis[] {
      const time = timestampCauses(raw, opts.nowMs ?? Date.now(), opts.toleranceS ?? DEFAULT_TOLERANCE_S);
      if (time.ageSeconds !== undefined) verdict.ageSeconds = time.ageSeconds;
      return time.causes;
    },
    /** Records which signature matched ("signature 1 of 2 (3f9a…)"). */
    matched(what: string): void {
      verdict.matched = what;
    },
    /** Not verified: the likely causes, most likely first (the first is the summary). */
    fail(causes: Diagnosis[]): WebhookVerdict {
      return { ...verdict, causes, summary: `Not verified: ${causes[0]?.message ?? 'no signature matches'}` };
    },
    /** Verified: the summary names the signature that matched and the timestamp's age. */
    pass(): WebhookVerdict {
      const age = describeAge(verdict.ageSeconds ?? 0);
      return { ...verdict, ok: true, summary: `Verified: ${verdict.matched ?? ''}, timestamp ${age}` };
    },
  };
}
