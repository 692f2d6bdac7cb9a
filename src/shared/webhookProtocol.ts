// Messages between the extension host and the Webhook Inspector webview. No secret travels in
// them: the page sends what was pasted and the account's id; the host answers with a verdict.
import { isRecord, isStr } from './protocol';

/** An account the page may pick: whether it has a webhook secret, never the secret. */
export interface WebhookAccountInfo {
  id: string;
  label: string;
  /** The provider's id, and its name as shown (the page never spells provider names itself). */
  provider: string;
  providerName: string;
  environment: string;
  secrets: number;
}

export type WebhookKind = 'webhook' | 'helcimpay';

/** What the page shows of a verdict (the core's WebhookVerdict, structurally). */
export interface VerdictInfo {
  ok: boolean;
  kind: string;
  summary: string;
  matched?: string;
  ageSeconds?: number;
  causes: { cause: string; message: string; advice: string }[];
  checks: string[];
}

export type ToWebhookPage =
  | { type: 'accounts'; accounts: WebhookAccountInfo[] }
  | { type: 'verdict'; requestId: number; verdict: VerdictInfo; note?: string }
  | { type: 'error'; requestId: number; message: string }
  /** Loads a captured delivery (from the receiver) into the page, with the verdict it got. */
  | { type: 'load'; kind: WebhookKind; accountId?: string; text: string; verdict?: VerdictInfo; note?: string };

export type ToWebhookHost =
  | { type: 'ready' }
  | { type: 'verify'; requestId: number; kind: WebhookKind; accountId: string; text: string; toleranceS: number };

/** What the page keeps across reloads: its choices, never what was pasted. */
export interface WebhookPageState {
  kind: WebhookKind;
  accountId?: string;
  toleranceS?: number;
}

const MAX_TEXT = 5 * 1024 * 1024;

function isVerdict(v: unknown): v is VerdictInfo {
  return (
    isRecord(v) &&
    typeof v.ok === 'boolean' &&
    isStr(v.summary, 2000) &&
    Array.isArray(v.causes) &&
    v.causes.every((c) => isRecord(c) && isStr(c.cause, 60) && isStr(c.message, 2000) && isStr(c.advice, 2000)) &&
    Array.isArray(v.checks) &&
    v.checks.every((c) => isStr(c, 2000))
  );
}

const isKind = (v: unknown): v is WebhookKind => v === 'webhook' || v === 'helcimpay';
const isRequestId = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export function isToWebhookPage(msg: unknown): msg is ToWebhookPage {
  if (!isRecord(msg)) return false;
  switch (msg.type) {
    case 'accounts':
      return (
        Array.isArray(msg.accounts) &&
        msg.accounts.every(
          (a) =>
            isRecord(a) &&
            isStr(a.id, 200) &&
            isStr(a.label, 200) &&
            isStr(a.provider, 60) &&
            isStr(a.providerName, 100) &&
            typeof a.secrets === 'number',
        )
      );
    case 'verdict':
      return isRequestId(msg.requestId) && isVerdict(msg.verdict) && (msg.note === undefined || isStr(msg.note, 500));
    case 'error':
      return isRequestId(msg.requestId) && isStr(msg.message, 2000);
    case 'load':
      return isKind(msg.kind) && isStr(msg.text, MAX_TEXT) && (msg.verdict === undefined || isVerdict(msg.verdict));
    default:
      return false;
  }
}

export function isToWebhookHost(msg: unknown): msg is ToWebhookHost {
  if (!isRecord(msg)) return false;
  if (msg.type === 'ready') return true;
  return (
    msg.type === 'verify' &&
    isRequestId(msg.requestId) &&
    isKind(msg.kind) &&
    isStr(msg.accountId, 200) &&
    isStr(msg.text, MAX_TEXT) &&
    typeof msg.toleranceS === 'number' &&
    Number.isInteger(msg.toleranceS) &&
    msg.toleranceS >= 0 &&
    msg.toleranceS <= 30 * 86400
  );
}
