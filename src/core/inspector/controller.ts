import type { AccountStore } from '../accounts/store';
import type { Account, ProviderId } from '../providers/accountTypes';
import { describeError, invalidInput } from '../errors';
import { decodeJwt } from '../jwt/decode';
import { inspectJwt } from '../jwt/inspect';
import { parseDuration, parseEmbedJson } from '../jwt/claimInput';
import type { SigningKey } from '../keys/privateKey';
import { jwtSigningOf, jwtSigningProviderNames, providerOfAccount } from '../providers/registry';
import type { JwtSigningSpec, TestOptions } from '../providers/types';
import { verifyJwt } from '../jwt/verify';
import { type VerificationKey, readVerificationKey, verificationKeyOf } from '../keys/publicKey';
import type { Logger } from '../logger';
import { TOOL_VERSION } from '../version';
import type { AccountInfo, Inspection, Outcome, ToHost, ToWebview } from '../../shared/protocol';

export interface InspectorDeps {
  store: AccountStore;
  log: Logger;
  /** The lifetime above which tokens get a warning (setting). */
  maxLifetimeSeconds: () => number;
  copy: (text: string, what: string) => Promise<void>;
  /** The clock for time notes, verification and signing; default: the system clock. */
  now?: () => Date;
  /** Timeout, proxy and Gr4vy base URL for creating checkout sessions (settings). */
  /** Timeout, proxy and the base URL of the given provider, from settings. */
  requestOptions?: (provider: ProviderId) => TestOptions;
}

/** The accounts that sign JWTs, as the webview may list them: labels and public key ids only. */
export function accountInfos(store: AccountStore): AccountInfo[] {
  return store.list().flatMap((a) => {
    const jwt = jwtSigningOf(a);
    return jwt
      ? [{ id: a.id, label: a.label, environment: a.environment, kid: jwt.kid(a), scopes: jwt.scopes(a) }]
      : [];
  });
}

/**
 * Answers the inspector's requests. Decoding, verifying and signing happen here, in the extension
 * host; keys are read from secret storage for the moment they are used and never sent to the page.
 * Never throws: every failure is an answer with a specific message.
 */
export class InspectorController {
  private readonly now: () => Date;

  constructor(private readonly deps: InspectorDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  init(): ToWebview {
    const active = this.deps.store.activeId();
    const accounts = accountInfos(this.deps.store);
    return {
      type: 'init',
      version: TOOL_VERSION,
      signer: jwtSigningProviderNames(),
      accounts,
      ...(active && accounts.some((a) => a.id === active) ? { activeAccountId: active } : {}),
    };
  }

  async handle(msg: ToHost): Promise<ToWebview | undefined> {
    switch (msg.type) {
      case 'ready':
        return this.init();
      case 'inspect':
        try {
          return {
            type: 'inspected',
            requestId: msg.requestId,
            result: { ok: true, value: inspectJwt(msg.token, await this.explainOptions(msg.token)) },
          };
        } catch (e) {
          return { type: 'inspected', requestId: msg.requestId, result: { ok: false, error: describeError(e) } };
        }
      case 'verify':
        return { type: 'verified', requestId: msg.requestId, result: await this.verify(msg) };
      case 'sign':
        return { type: 'signed', requestId: msg.requestId, result: await this.sign(msg) };
      case 'resign':
        return { type: 'signed', requestId: msg.requestId, result: await this.resign(msg) };
      case 'copy':
        await this.deps.copy(msg.text, msg.what);
        return undefined;
      default: {
        const never: never = msg;
        void never;
        return undefined;
      }
    }
  }

  /** When a stored signing account has the token's kid, its key informs the notes (alg, kid). */
  private async explainOptions(token: string) {
    const opts = { maxLifetimeSeconds: this.deps.maxLifetimeSeconds(), now: this.now() };
    let kid: unknown;
    try {
      kid = decodeJwt(token).header.kid;
    } catch {
      return opts;
    }
    const account = this.deps.store.list().find((a) => jwtSigningOf(a)?.kid(a) === kid);
    if (!account) return opts;
    const granted = account.lastResult?.grantedScopes;
    const withGranted = granted ? { ...opts, grantedScopes: granted } : opts;
    try {
      return { ...withGranted, key: await this.accountKey(account.id) };
    } catch {
      return withGranted;
    }
  }

  private async accountKey(id: string): Promise<VerificationKey> {
    const account = this.deps.store.require(id);
    return verificationKeyOf(await this.deps.store.readSigningKey(id), `key of “${account.label}”`);
  }

  private async verify(msg: Extract<ToHost, { type: 'verify' }>) {
    try {
      const key =
        msg.key.source === 'account'
          ? await this.accountKey(msg.key.accountId)
          : await readVerificationKey(msg.key.text);
      const r = await verifyJwt(msg.token, key, { ignoreExpiry: msg.ignoreExpiry, now: this.now() });
      let message = r.message;
      const kid = decodeJwt(msg.token).header.kid;
      if (kid !== undefined && kid !== key.thumbprint)
        message += `. Note: the token's kid is not this key's thumbprint (${key.thumbprint})`;
      if (key.wasPrivate)
        message +=
          '. You pasted a private key: a public key is all verification needs, and private keys belong in an ' +
          'account, not in a panel';
      return { ok: true as const, value: { ok: r.ok, code: r.code, message } };
    } catch (e) {
      return { ok: false as const, error: describeError(e) };
    }
  }

  /** A stored account that signs JWTs and its signing key, or an error naming why there is none. */
  private async signingAccount(accountId: string): Promise<Signer> {
    const account = this.deps.store.require(accountId);
    const jwt = jwtSigningOf(account);
    if (!jwt) throw invalidInput(`“${account.label}” is not a ${jwtSigningProviderNames()} account`);
    return { account, jwt, key: await this.deps.store.readSigningKey(account.id) };
  }

  /** The answer to a signing request: the token and its inspection; the log names the account, never the token. */
  private signed({ account, jwt, key }: Signer, token: string, verb: string) {
    const granted = account.lastResult?.grantedScopes;
    const inspection = inspectJwt(token, {
      maxLifetimeSeconds: this.deps.maxLifetimeSeconds(),
      now: this.now(),
      key: verificationKeyOf(key, `key of “${account.label}”`),
      ...(granted ? { grantedScopes: granted } : {}),
    });
    const p = inspection.payload;
    this.deps.log.info(
      `${verb} a ${providerOfAccount(account).displayName} token with "${account.label}" (kid ${jwt.kid(account)}, ` +
        `scopes ${String((p.scopes as string[]).join(' '))}, lifetime ${Number(p.exp) - Number(p.nbf)} s` +
        `${p.embed ? ', embed' : ''}${typeof p.checkout_session_id === 'string' ? ', checkout session' : ''})`,
    );
    return { ok: true as const, value: { token, inspection } };
  }

  private async sign(msg: Extract<ToHost, { type: 'sign' }>): Promise<Outcome<Signed>> {
    return answer(async () => {
      const signer = await this.signingAccount(msg.accountId);
      const { key } = signer;
      const embed = msg.embed.trim() === '' ? undefined : parseEmbedJson(msg.embed, 'Embed');
      const scopes = msg.scopes.trim() === '' ? undefined : signer.jwt.parseScopes(msg.scopes);
      const expiresInSeconds = msg.expiresIn.trim() === '' ? undefined : parseDuration(msg.expiresIn);
      let checkoutSessionId = msg.checkoutSessionId.trim() || undefined;
      if (msg.createCheckoutSession) {
        const { jwt, account } = signer;
        if (!jwt.createCheckoutSession)
          return { ok: false as const, error: `${providerOfAccount(account).displayName} has no checkout sessions` };
        const target = jwt.target(account, key);
        const session = await jwt.createCheckoutSession(target, {
          ...this.deps.requestOptions?.(account.provider),
          clock: this.now,
        });
        if (!session.ok) {
          const { message, advice } = session.failure;
          return {
            ok: false as const,
            error: `The checkout session was not created: ${message}.${advice ? ` ${advice}` : ''}`,
          };
        }
        checkoutSessionId = session.id;
      }
      const token = await signer.jwt.sign(key, {
        ...(scopes ? { scopes } : {}),
        ...(expiresInSeconds ? { expiresInSeconds } : {}),
        ...(embed ? { embed } : {}),
        ...(checkoutSessionId ? { checkoutSessionId } : {}),
        now: this.now,
      });
      return this.signed(signer, token, 'Signed');
    });
  }

  /** Re-signs a token the account's key signed (expiry ignored), keeping scopes, embed and session id. */
  private async resign(msg: Extract<ToHost, { type: 'resign' }>): Promise<Outcome<Signed>> {
    return answer(async () => {
      const signer = await this.signingAccount(msg.accountId);
      const { account, key } = signer;
      const check = await verifyJwt(msg.token, verificationKeyOf(key, `key of “${account.label}”`), {
        ignoreExpiry: true,
        now: this.now(),
      });
      if (!check.ok) return { ok: false as const, error: `Not re-signed: ${check.message}` };
      const expiresInSeconds = msg.expiresIn.trim() === '' ? undefined : parseDuration(msg.expiresIn);
      const token = await signer.jwt.resign(key, msg.token, {
        ...(expiresInSeconds ? { expiresInSeconds } : {}),
        now: this.now,
      });
      return this.signed(signer, token, 'Re-signed');
    });
  }
}

type Signed = { token: string; inspection: Inspection };
type Signer = { account: Account; jwt: JwtSigningSpec; key: SigningKey };

/** Runs a request's work; a thrown error becomes an answer with its message (the panel never sees a throw). */
async function answer<T>(work: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await work();
  } catch (e) {
    return { ok: false, error: describeError(e) };
  }
}
