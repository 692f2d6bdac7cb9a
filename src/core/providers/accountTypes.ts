import type { SigningKey } from '../keys/privateKey';

/** The providers this extension knows. */
export type ProviderId = 'helcim' | 'gr4vy';

/** Sandbox/test or production: production accounts are marked loudly everywhere. */
export type Environment = 'sandbox' | 'production';

/** Where an account's non-secret settings are kept. Its secret is always in SecretStorage. */
export type AccountScope = 'global' | 'workspace';

/** Every way a connection test can end; stable codes stored with results and printed by the CLI. */
export type ConnectionOutcome =
  | 'connected'
  | 'unauthorized'
  | 'forbidden'
  /** Authenticated, but every resource a probing test tried answered 403 (a Gr4vy key whose role reads none). */
  | 'noReadableResource'
  | 'notFound'
  | 'rateLimited'
  | 'badRequest'
  | 'serverError'
  | 'redirect'
  | 'unexpectedStatus'
  | 'invalidBody'
  | 'timeout'
  | 'dns'
  | 'connectionFailed'
  | 'tls'
  | 'proxy'
  | 'cancelled'
  | 'error';

/** The outcome of one connection test, as stored and shown (no secret in it). */
export interface ConnectionResult {
  ok: boolean;
  outcome: ConnectionOutcome;
  /** One line for people. */
  message: string;
  /** What to do next, when something went wrong. */
  advice?: string;
  status?: number;
  latencyMs?: number;
  /** The resource a probing test read (Gr4vy: `transactions` for a Transaction reporting key). */
  readable?: string;
  /** Resources a probing test tried and could not read (HTTP 403: not in the key's role). */
  unreadable?: string[];
  /** What the provider says about the credential itself (Gr4vy: the key's name, roles, merchant accounts, last use). */
  keyFacts?: string;
  /** The scopes the credential's role grants, when the provider says (Gr4vy: `GET /api-key-pairs` or `/roles`). */
  grantedScopes?: string[];
  /** ISO time of the test. */
  at: string;
}

interface AccountBase {
  id: string;
  label: string;
  scope: AccountScope;
  environment: Environment;
  createdAt: string;
  lastResult?: ConnectionResult;
  /** How many webhook secrets are stored (Gr4vy: 2 during a rotation). The values are in secret storage. */
  webhookSecrets?: number;
}

export interface HelcimAccount extends AccountBase {
  provider: 'helcim';
}

export interface Gr4vyAccount extends AccountBase {
  provider: 'gr4vy';
  instanceId: string;
  merchantAccountId?: string;
  /** Scopes for the tokens the account signs (connection tests sign `*.read`; see gr4vy/probe.ts). */
  scopes: string[];
  /** Gr4vy's key id: the thumbprint of the public key (public information). */
  kid: string;
  keyFormat: string;
  /** "EC P-521", "RSA 3072-bit"; absent on accounts stored before RSA keys (EC P-521). */
  keyType?: string;
  /** The role the key was created with, as the user said at Add Account; absent: not sure. */
  role?: 'full' | 'processing' | 'system' | 'reporting';
  /** The algorithm its tokens are signed with; absent on accounts stored before RSA keys (ES512). */
  algorithm?: 'ES512' | 'RS512';
}

export type Account = HelcimAccount | Gr4vyAccount;

/** Where a Gr4vy key signs for: its instance, environment and merchant account. */
export interface Gr4vyTarget {
  key: SigningKey;
  instanceId: string;
  environment: Environment;
  merchantAccountId?: string;
}

/** What the add flow collects before anything is stored. */
export type AccountDraft =
  | { provider: 'helcim'; label: string; environment: Environment; scope: AccountScope; secret: string }
  | {
      provider: 'gr4vy';
      label: string;
      environment: Environment;
      scope: AccountScope;
      instanceId: string;
      merchantAccountId?: string;
      scopes: string[];
      secret: string;
    };
