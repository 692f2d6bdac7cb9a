import { isAppError } from '../../errors';
import { signGr4vyToken } from './token';
import { readGr4vyKey } from './key';
import { GR4VY_PROBES, GR4VY_TEST_SCOPES, probeGr4vy } from './probe';
import type { LiveSpec } from '../types';
import { validateInstanceId } from './fields';
import { GR4VY_ADVICE, gr4vyBaseUrl, gr4vyConnectionTest } from './connection';

/**
 * "Is it live?" for a private key found by the scanner: only an EC P-521 key can be Gr4vy's, and
 * the key does not say its instance, so the plan asks for one. It probes as the connection test
 * does ({@link probeGr4vy}), so the verdict says what a leaked key can read; a 403 means Gr4vy
 * recognised the key (its role lacks that resource): live.
 */
export const GR4VY_LIVE: LiveSpec = {
  ruleIds: ['private-key-pem', 'private-key-jwk'],
  unauthorized: 'rejected',
  forbidden: 'live',
  instance: {
    flag: 'gr4vy',
    prompt: 'The instance id this key belongs to (the <id> in api.<id>.gr4vy.app)',
    validate: validateInstanceId,
  },
  async plan(_ruleId, secret, where) {
    let key;
    try {
      key = await readGr4vyKey(secret);
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { unsupported: 'Only Gr4vy keys (EC P-521) can be checked; this key is of another kind.' };
    }
    // An RSA private key in a repository is far more often a TLS or SSH key than a Gr4vy one.
    if (key.algorithm !== 'ES512')
      return { unsupported: 'Only EC P-521 keys are checked as Gr4vy keys: an RSA key may belong to any service.' };
    if (!where.instance) return { needsInstance: true };
    const { instanceId, environment } = where.instance;
    const base = where.baseUrl ?? gr4vyBaseUrl(instanceId, environment);
    const [first, ...rest] = GR4VY_PROBES.map(
      (p) => gr4vyConnectionTest({ instanceId, environment }, '', base, p.path).url,
    );
    return {
      method: 'GET',
      url: first ?? base,
      then: rest,
      production: environment === 'production',
      run: (opts) =>
        probeGr4vy(
          GR4VY_ADVICE,
          {
            sign: () => signGr4vyToken(key, { scopes: [...GR4VY_TEST_SCOPES], expiresInSeconds: 30, now: opts.clock }),
            request: (token, path) => gr4vyConnectionTest({ instanceId, environment }, token, base, path),
            secrets: [secret],
          },
          opts,
        ),
    };
  },
};
