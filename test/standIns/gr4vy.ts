// A Gr4vy stand-in that authenticates as the docs describe and then enforces the key's role: the
// list endpoints (buyers, transactions, merchant accounts, API key pairs, roles), transactions
// created and read by id, checkout sessions, and a signed `transaction.*` webhook after each
// transaction when a webhook URL is set. Used by unit, integration and end-to-end tests, and by
// `npm start` (test/standIns/demo.ts).
import { type KeyObject, createHash, randomUUID, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type WebhookTarget, postEvent, signGr4vyEvent } from './webhooks';

/** The roles the dashboard offers when a key is created ("Permissions"). */
export type Gr4vyRole = 'full' | 'processing' | 'systemManagement' | 'transactionReporting';

/**
 * What each role may reach, read from the docs' table (Gr4vy does not publish exact scope lists,
 * so this is our reading, not Gr4vy's): Processing only processes payments, manages payment methods
 * and buyers and reads reports; System management only manages connections and flow rules;
 * Transaction reporting only reads payments data and creates and reads reports.
 */
export const ROLE_ACCESS: Record<Gr4vyRole, { read: readonly string[]; write: readonly string[] }> = {
  full: { read: ['*'], write: ['*'] },
  processing: {
    read: ['buyers', 'buyers.billing-details', 'transactions', 'payment-methods', 'checkout-sessions', 'reports'],
    write: ['buyers', 'buyers.billing-details', 'transactions', 'payment-methods', 'checkout-sessions'],
  },
  systemManagement: {
    read: ['connections', 'payment-services', 'payment-service-definitions', 'flows', 'anti-fraud-services'],
    write: ['connections', 'payment-services', 'flows', 'anti-fraud-services'],
  },
  transactionReporting: { read: ['transactions', 'reports'], write: ['reports'] },
};

/** Checks a token's signature: `signingInput` is `header.claims` as sent, `signature` the decoded third part. */
export type Verifier = (header: Record<string, unknown>, signingInput: Buffer, signature: Buffer) => boolean;

/** A key the instance knows: its public half, role and (when limited) merchant accounts. */
export interface StandInKey {
  publicKey: KeyObject;
  role: Gr4vyRole;
  /** Merchant accounts it may reach; absent = all. */
  merchantAccounts?: string[];
  /** Replaces the verifier chosen from the key's type. */
  verifier?: Verifier;
}

export interface StandInLog {
  /** `GET /buyers → 200`, `GET /transactions → 403 (role)`, `GET /buyers → 401 (kid)`. */
  requests: string[];
  claims: Record<string, unknown>[];
  /** Webhook deliveries: `webhook → 200`, `webhook failed: ECONNREFUSED`. */
  webhooks?: string[];
}

/** `{x, y}` padded to the curve's full length (66 bytes for P-521), as the RFC 7638 thumbprint needs. */
function fixed(c: string | undefined, length: number): string {
  const b = Buffer.from(c ?? '', 'base64url');
  return Buffer.concat([Buffer.alloc(Math.max(0, length - b.length)), b]).toString('base64url');
}

/** RFC 7638 thumbprint over the required members in lexical order, built by hand (not by the code under test). */
export function thumbprintOf(publicKey: KeyObject): string {
  const j = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const json =
    publicKey.asymmetricKeyType === 'rsa'
      ? `{"e":"${j.e}","kty":"RSA","n":"${j.n}"}`
      : `{"crv":"${j.crv}","kty":"EC","x":"${fixed(j.x, 66)}","y":"${fixed(j.y, 66)}"}`;
  return createHash('sha256').update(json).digest('base64url');
}

/** ES512 over P-521 (132-byte r||s) for an EC key; RS512 (PKCS#1 v1.5, SHA-512) for an RSA key. */
export function verifierFor(publicKey: KeyObject): Verifier {
  if (publicKey.asymmetricKeyType === 'rsa')
    return (h, input, sig) => h.alg === 'RS512' && verify('sha512', input, publicKey, sig);
  if (publicKey.asymmetricKeyType === 'ec' && publicKey.asymmetricKeyDetails?.namedCurve === 'secp521r1')
    return (h, input, sig) =>
      h.alg === 'ES512' &&
      sig.length === 132 &&
      verify('sha512', input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig);
  throw new Error(`the stand-in knows EC P-521 and RSA keys, not ${publicKey.asymmetricKeyType ?? '?'}`);
}

/** `/payment-services?limit=1` → `payment-services`; `/checkout/sessions` → `checkout-sessions`. */
function resourceOf(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path === '/checkout/sessions' ? 'checkout-sessions' : (path.split('/')[1] ?? '');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const error = (status: number, code: string, message: string) => ({
  type: 'error',
  code,
  status,
  message,
  details: [],
});

/**
 * A request handler for an instance that knows `keys`: 401 when the bearer JWT does not
 * authenticate (typ, alg, kid = thumbprint of a known key, signature, whole-second nbf/exp, a fresh
 * jti); 403 when the key's role, the token's scopes or the key's merchant accounts do not cover the
 * resource; otherwise the answer: a page of the list (transactions created here; merchant accounts,
 * key pairs and roles from `instance`; any other list empty), a transaction by id (404 for an
 * unknown one), a new transaction (201, 400 with `details[]` for a body that fails validation) or
 * checkout session (201).
 */
export function gr4vyStandIn(
  keys: readonly StandInKey[],
  log: StandInLog = { requests: [], claims: [] },
  instance: StandInInstance = {},
) {
  const known = keys.map((k) => ({
    ...k,
    kid: thumbprintOf(k.publicKey),
    check: k.verifier ?? verifierFor(k.publicKey),
  }));
  const jtis = new Set<string>();
  const transactions: Record<string, unknown>[] = [];
  return (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => handle(req, res, raw));
  };

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const method = req.method ?? 'GET';
    const resource = resourceOf(req.url ?? '');
    const answer = (status: number, why: string, body: unknown) => {
      log.requests.push(`${method} ${(req.url ?? '').split('?')[0] ?? ''} → ${status}${why ? ` (${why})` : ''}`);
      send(res, status, body);
    };
    const reject = (why: string) => answer(401, why, error(401, 'unauthorized', 'No valid API authentication found'));
    const m = /^bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return reject('no bearer token');
    const [, h = '', p = '', s = ''] = m;
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
      claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    } catch {
      return reject('not JSON');
    }
    log.claims.push(claims);
    if (header.typ !== 'JWT') return reject('typ');
    const key = known.find((k) => k.kid === header.kid);
    if (!key) return reject('kid');
    if (!key.check(header, Buffer.from(`${h}.${p}`), Buffer.from(s, 'base64url'))) return reject('signature');
    const now = Math.floor(Date.now() / 1000);
    const { nbf, exp, jti, scopes, iss } = claims;
    if (!Number.isInteger(nbf) || !Number.isInteger(exp)) return reject('nbf/exp not whole seconds');
    if ((nbf as number) > now + 5 || (exp as number) <= now || (exp as number) - (nbf as number) > 3600)
      return reject('time window');
    if (typeof jti !== 'string' || !/^[0-9a-f-]{36}$/.test(jti) || jtis.has(jti)) return reject('jti');
    jtis.add(jti);
    if (typeof iss !== 'string' || iss === '') return reject('iss');
    const forbidden = (why: string) => answer(403, why, error(403, 'forbidden', 'Invalid credentials'));
    const action = method === 'GET' ? 'read' : 'write';
    const allowed = ROLE_ACCESS[key.role][action];
    if (!allowed.includes('*') && !allowed.includes(resource)) return forbidden('role');
    if (!Array.isArray(scopes) || !scopes.some((x) => x === `*.${action}` || x === `${resource}.${action}`))
      return forbidden('scopes');
    const merchant = req.headers['x-gr4vy-merchant-account-id'];
    if (key.merchantAccounts && !key.merchantAccounts.includes(typeof merchant === 'string' ? merchant : 'default'))
      return forbidden('merchant account');
    if (method === 'POST' && resource === 'checkout-sessions')
      return answer(201, '', {
        type: 'checkout-session',
        id: createHash('sha256').update(jti).digest('hex').slice(0, 32),
      });
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (method === 'POST' && path === '/transactions') return createTransaction(raw, answer);
    const one = /^\/transactions\/([\w-]+)$/.exec(path);
    if (method === 'GET' && one) {
      const t = transactions.find((x) => x.id === one[1]);
      return t
        ? answer(200, '', t)
        : answer(404, 'transaction', error(404, 'not_found', 'The resource could not be found'));
    }
    const all = resource === 'transactions' ? transactions : listOf(resource, known, instance);
    const size = instance.pageSize ?? 100;
    const start = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('cursor') ?? '0') || 0;
    const next = start + size < all.length ? String(start + size) : null;
    return answer(200, '', { items: all.slice(start, start + size), limit: size, next_cursor: next });
  }

  /** `POST /transactions`: amount (minor units), currency and a payment method in; the transaction out (201). */
  function createTransaction(raw: string, answer: (status: number, why: string, body: unknown) => void): void {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return answer(400, 'json', { ...error(400, 'bad_request', 'Request body is not valid JSON'), details: [] });
    }
    const details = [
      !Number.isInteger(body.amount) || (body.amount as number) < 0 ? 'amount' : undefined,
      typeof body.currency !== 'string' || !/^[A-Z]{3}$/.test(body.currency) ? 'currency' : undefined,
      !body.payment_method || typeof body.payment_method !== 'object' ? 'payment_method' : undefined,
    ]
      .filter((f): f is string => f !== undefined)
      .map((f) => ({ location: 'body', type: 'value_error', pointer: `/${f}`, message: `${f} is missing or invalid` }));
    if (details.length)
      return answer(400, 'validation', { ...error(400, 'bad_request', 'Request failed validation'), details });
    const capture = body.intent !== 'authorize';
    const t = {
      type: 'transaction',
      id: randomUUID(),
      status: capture ? 'capture_succeeded' : 'authorization_succeeded',
      intent: capture ? 'capture' : 'authorize',
      amount: body.amount,
      captured_amount: capture ? body.amount : 0,
      currency: body.currency,
      merchant_account_id: 'default',
      created_at: new Date().toISOString(),
    };
    transactions.unshift(t);
    answer(201, '', t);
    if (instance.webhook) {
      const event = JSON.stringify({
        type: 'event',
        id: randomUUID(),
        name: capture ? 'transaction.captured' : 'transaction.authorized',
        created_at: t.created_at,
        target: t,
      });
      void postEvent(instance.webhook.url, signGr4vyEvent(instance.webhook.secret, event), (log.webhooks ??= []));
    }
  }
}

/** What the instance lists besides keys: its merchant accounts, and a page size to make paging happen. */
export interface StandInInstance {
  merchantAccounts?: { id: string; display_name: string }[];
  pageSize?: number;
  /** Key names for GET /api-key-pairs, by kid. */
  keyNames?: Record<string, string>;
  /** Where Gr4vy delivers transaction events, and the webhook secret it signs them with. */
  webhook?: WebhookTarget;
}

/** The items of a list endpoint: merchant accounts, the keys as API key pairs (with role scopes), else none. */
function listOf(
  resource: string,
  keys: readonly (StandInKey & { kid: string })[],
  instance: StandInInstance,
): unknown[] {
  if (resource === 'merchant-accounts') return instance.merchantAccounts ?? [];
  if (resource === 'roles') return (Object.keys(ROLE_ACCESS) as Gr4vyRole[]).map(roleItem);
  if (resource !== 'api-key-pairs') return [];
  return keys.map((k) => ({
    type: 'api-key-pair',
    id: createHash('sha256').update(k.kid).digest('hex').slice(0, 32),
    thumbprint: k.kid,
    display_name: instance.keyNames?.[k.kid] ?? 'Stand-in key',
    algorithm: k.publicKey.asymmetricKeyType === 'rsa' ? 'RSA' : 'ECDSA',
    active: true,
    last_used_at: null,
    merchant_accounts: (k.merchantAccounts ?? []).map((id) => ({ type: 'merchant-account', id, display_name: id })),
    roles: [roleItem(k.role)],
  }));
}

/** The names the dashboard shows. */
const ROLE_NAMES: Record<Gr4vyRole, string> = {
  full: 'Full access',
  processing: 'Processing only',
  systemManagement: 'System management only',
  transactionReporting: 'Transaction reporting only',
};

/** A role as GET /roles and GET /api-key-pairs list it, its scopes from {@link ROLE_ACCESS}. */
function roleItem(role: Gr4vyRole) {
  const { read, write } = ROLE_ACCESS[role];
  return {
    type: 'role',
    name: ROLE_NAMES[role],
    slug: role,
    permissions: { allow: [...read.map((r) => `${r}.read`), ...write.map((r) => `${r}.write`)] },
  };
}
