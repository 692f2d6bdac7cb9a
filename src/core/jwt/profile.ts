import type { ScopeInfo, Severity } from '../../shared/protocol';
import type { DecodedJwt } from './decode';

/** One finding about a token. `code` is stable; `message` is for people. */
export interface Note {
  code: string;
  severity: Severity;
  message: string;
}

/** Collects a note. */
export type AddNote = (code: string, severity: Severity, message: string) => void;

/**
 * What a provider whose API takes signed JWTs knows about its tokens: how to recognise one, the
 * claims and header values it requires, and what its scopes mean. The generic checks (time window,
 * alg, signature length, kid against a key) are in explain.ts; a profile adds its own.
 */
export interface TokenProfile {
  /** The provider's display name: "a Gr4vy token". */
  name: string;
  /** Whether a token is one of this provider's, by its claims. */
  matches(payload: Record<string, unknown>): boolean;
  /** Said after a long-lifetime warning: "the Gr4vy SDKs use 30 s; embed tokens 1 h". */
  lifetimeNote: string;
  /** Its own notes: required claims and header values, scopes. `thumbprint`: of the key checked against, if any. */
  explain(t: DecodedJwt, add: AddNote, thumbprint: string | undefined): void;
  /** Each scope explained, for the inspector's scope table. */
  describeScopes(scopes: unknown): ScopeInfo[];
  /** Whether a token scope is covered by the scopes a key's role grants (in the provider's scope grammar). */
  scopeGranted?(scope: string, granted: readonly string[]): boolean;
}

/** What a signed token carries beyond its key: the claims a caller may choose. */
export interface TokenOptions {
  /** The provider's default when absent. */
  scopes?: string[];
  /** Lifetime in seconds; the provider's default when absent. */
  expiresInSeconds?: number;
  /** Defaults to this tool's name and version. */
  issuer?: string;
  /** Values pinned into the token (Embed), camelCase or snake_case keys. */
  embed?: Record<string, unknown>;
  checkoutSessionId?: string;
  now?: () => Date;
  jti?: () => string;
}
