// Messages between the extension host and the JWT inspector webview. Both sides import only this
// file; every message that arrives is `unknown` until one of the guards below accepts it.
// No private key ever travels in these messages; tokens do, but are never kept in webview state.

/** How serious a finding or note is: one scale for the scanner, JWT notes, diagnostics and the inspector. */
export type Severity = 'error' | 'warning' | 'info';

export interface NoteInfo {
  code: string;
  severity: Severity;
  message: string;
}

export interface ScopeInfo {
  scope: string;
  resource: string;
  access: 'read' | 'write' | 'embed' | 'unknown';
  known: boolean;
  description: string;
}

export interface TimeClaimInfo {
  claim: 'exp' | 'nbf' | 'iat';
  /** Seconds since the epoch, as in the token (already divided by 1000 when it was milliseconds). */
  seconds: number;
}

/** A decoded and explained token. */
export interface Inspection {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signatureBytes: number;
  notes: NoteInfo[];
  scopes: ScopeInfo[];
  times: TimeClaimInfo[];
  /** The provider whose token this is, by its claims ("Gr4vy"); null for a token of no known provider. */
  provider: string | null;
}

/** A Gr4vy account as the webview may see it: no secret, no key. */
export interface AccountInfo {
  id: string;
  label: string;
  environment: 'sandbox' | 'production';
  kid: string;
  scopes: string[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface VerifyInfo {
  ok: boolean;
  code: string;
  message: string;
}

/** Host -> webview. */
export type ToWebview =
  | {
      type: 'init';
      version: string;
      /** The providers whose accounts sign tokens, for the panel's words: "Gr4vy". */
      signer: string;
      accounts: AccountInfo[];
      activeAccountId?: string;
    }
  | { type: 'accounts'; accounts: AccountInfo[]; activeAccountId?: string }
  | { type: 'setToken'; token: string }
  | { type: 'inspected'; requestId: number; result: Outcome<Inspection> }
  | { type: 'verified'; requestId: number; result: Outcome<VerifyInfo> }
  | { type: 'signed'; requestId: number; result: Outcome<{ token: string; inspection: Inspection }> };

export type VerifyKeySource = { source: 'pasted'; text: string } | { source: 'account'; accountId: string };

/** Webview -> host. */
export type ToHost =
  | { type: 'ready' }
  | { type: 'inspect'; requestId: number; token: string }
  | { type: 'verify'; requestId: number; token: string; key: VerifyKeySource; ignoreExpiry: boolean }
  | {
      type: 'sign';
      requestId: number;
      accountId: string;
      scopes: string;
      expiresIn: string;
      embed: string;
      checkoutSessionId: string;
      /** Create a checkout session first and pin its id (the SDKs' getEmbedTokenWithCheckoutSession). */
      createCheckoutSession?: boolean;
    }
  | { type: 'resign'; requestId: number; token: string; accountId: string; expiresIn: string }
  | { type: 'copy'; text: string; what: string };

/** What the webview keeps across reloads with setState(): view choices only, never a token or key. */
export interface WebviewState {
  version?: string;
  verifyAccountId?: string;
  ignoreExpiry?: boolean;
  sign?: { accountId: string; scopes: string; expiresIn: string; embed: string; checkoutSessionId: string };
}

/** Largest text either side accepts in one field (a token, a key, embed JSON). */
export const MAX_FIELD_LENGTH = 64 * 1024;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export const isStr = (v: unknown, max = MAX_FIELD_LENGTH): v is string => typeof v === 'string' && v.length <= max;
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function isAccountInfo(v: unknown): v is AccountInfo {
  return (
    isRecord(v) &&
    isStr(v.id, 200) &&
    isStr(v.label, 200) &&
    (v.environment === 'sandbox' || v.environment === 'production') &&
    isStr(v.kid, 200) &&
    Array.isArray(v.scopes) &&
    v.scopes.every((s) => isStr(s, 200))
  );
}
function isOutcome(v: unknown, value: (x: unknown) => boolean): boolean {
  return isRecord(v) && ((v.ok === true && value(v.value)) || (v.ok === false && isStr(v.error)));
}
function isInspection(v: unknown): v is Inspection {
  return (
    isRecord(v) &&
    isRecord(v.header) &&
    isRecord(v.payload) &&
    typeof v.signatureBytes === 'number' &&
    Array.isArray(v.notes) &&
    Array.isArray(v.scopes) &&
    Array.isArray(v.times) &&
    (v.provider === null || isStr(v.provider, 100))
  );
}

/** The account list and active account id of an 'init' or 'accounts' message. */
function hasAccountList(msg: Record<string, unknown>): boolean {
  const active = msg.activeAccountId;
  return (
    Array.isArray(msg.accounts) && msg.accounts.every(isAccountInfo) && (active === undefined || isStr(active, 200))
  );
}

/** Guard for messages the webview accepts. */
export function isToWebview(msg: unknown): msg is ToWebview {
  if (!isRecord(msg)) return false;
  switch (msg.type) {
    case 'init':
      return isStr(msg.version, 50) && isStr(msg.signer, 100) && hasAccountList(msg);
    case 'accounts':
      return hasAccountList(msg);
    case 'setToken':
      return isStr(msg.token);
    case 'inspected':
      return isId(msg.requestId) && isOutcome(msg.result, isInspection);
    case 'verified':
      return (
        isId(msg.requestId) &&
        isOutcome(msg.result, (x) => isRecord(x) && typeof x.ok === 'boolean' && isStr(x.code, 50) && isStr(x.message))
      );
    case 'signed':
      return (
        isId(msg.requestId) && isOutcome(msg.result, (x) => isRecord(x) && isStr(x.token) && isInspection(x.inspection))
      );
    default:
      return false;
  }
}

/** Guard for messages the host accepts. */
export function isToHost(msg: unknown): msg is ToHost {
  if (!isRecord(msg)) return false;
  switch (msg.type) {
    case 'ready':
      return true;
    case 'inspect':
      return isId(msg.requestId) && isStr(msg.token);
    case 'verify': {
      const k = msg.key;
      const keyOk =
        isRecord(k) &&
        ((k.source === 'pasted' && isStr(k.text)) || (k.source === 'account' && isStr(k.accountId, 200)));
      return isId(msg.requestId) && isStr(msg.token) && keyOk && typeof msg.ignoreExpiry === 'boolean';
    }
    case 'sign':
      return (
        isId(msg.requestId) &&
        isStr(msg.accountId, 200) &&
        isStr(msg.scopes, 2000) &&
        isStr(msg.expiresIn, 50) &&
        isStr(msg.embed) &&
        isStr(msg.checkoutSessionId, 200) &&
        (msg.createCheckoutSession === undefined || typeof msg.createCheckoutSession === 'boolean')
      );
    case 'resign':
      return isId(msg.requestId) && isStr(msg.token) && isStr(msg.accountId, 200) && isStr(msg.expiresIn, 50);
    case 'copy':
      return isStr(msg.text) && isStr(msg.what, 100);
    default:
      return false;
  }
}

/** A claim or header value as text: strings as they are, anything else as JSON. */
export function claimText(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined');
}
