import type { Gr4vyAccount, Gr4vyTarget } from '../accountTypes';
import { parseScopes, validateInstanceId, validateMerchantAccountId } from './fields';
import type { SigningKey } from '../../keys/privateKey';
import { RSA_CAVEAT, readGr4vyKey } from './key';
import { GR4VY_DEFAULT_SCOPES } from './scopes';
import { type ProviderSpec, draftString } from '../types';
import { gr4vyBaseUrl, gr4vyConnectionTest, gr4vyDashboardUrl, testGr4vy } from './connection';
import { GR4VY_CLI } from './cli';
import { GR4VY_REQUESTS } from './requests';
import { GR4VY_TEST_SCOPES } from './probe';
import { GR4VY_LIVE } from './live';
import { GR4VY_WEBHOOKS } from './webhook';
import { gr4vyTokenPlan, resignGr4vyToken, signGr4vyToken } from './token';
import { GR4VY_TOKENS } from './tokenProfile';
import { createCheckoutSession, embedToken } from './embed';
import { merchantAccountChoices, withKeyFacts } from './lookups';
import { GR4VY_ROLES, GR4VY_ROLE_CHOICES, parseRole, withRole } from './roles';

/** Where an account's key signs for: the one account-to-target conversion (tests, sessions, Embed). */
export function gr4vyTargetOf(a: Gr4vyAccount, key: SigningKey): Gr4vyTarget {
  return {
    key,
    instanceId: a.instanceId,
    environment: a.environment,
    ...(a.merchantAccountId ? { merchantAccountId: a.merchantAccountId } : {}),
  };
}

/** Gr4vy: JWTs signed with a P-521 key (ES512) or an RSA key (RS512), per instance and environment. */
export const GR4VY: ProviderSpec<Gr4vyAccount> = {
  id: 'gr4vy',
  displayName: 'Gr4vy',
  secretNoun: 'private key',
  summary: 'JWTs signed with a P-521 (ES512) or RSA (RS512) private key',
  icon: 'key',
  secretEntry: {
    kind: 'keyFile',
    prompt: "Paste the private key (PEM or JWK). It is kept in VS Code's secret storage.",
    formats: 'EC P-521 or RSA: PKCS#8, SEC1 or PKCS#1 PEM, or a private JWK',
  },
  environments: {
    sandbox: { label: 'Sandbox', description: 'api.sandbox.<id>.gr4vy.app', short: 'sandbox' },
    production: { label: 'Production', description: 'api.<id>.gr4vy.app: real payments', short: 'PRODUCTION' },
  },
  fields: [
    {
      key: 'instanceId',
      prompt: 'The instance id: the <id> in https://api.<id>.gr4vy.app',
      placeholder: 'acme',
      parse: validateInstanceId,
    },
    {
      key: 'role',
      prompt: 'The role the key was created with (Integrations > API keys): it explains what the key can reach',
      parse: parseRole,
      choices: GR4VY_ROLE_CHOICES,
    },
    {
      key: 'merchantAccountId',
      prompt: 'Merchant account id (optional; for multi-merchant instances). Leave empty for none.',
      parse: validateMerchantAccountId,
      lookup: async ({ secret, fields, environment, opts }) => {
        try {
          const key = await readGr4vyKey(secret);
          const instanceId = validateInstanceId(draftString(fields, 'instanceId'));
          return await merchantAccountChoices({ key, instanceId, environment }, opts);
        } catch {
          return undefined;
        }
      },
    },
    {
      key: 'scopes',
      prompt: 'Scopes for the tokens this account signs (connection tests always sign *.read)',
      initial: GR4VY_DEFAULT_SCOPES.join(', '),
      parse: parseScopes,
    },
  ],
  defaultScopes: GR4VY_DEFAULT_SCOPES,
  envVar: 'GR4VY_PRIVATE_KEY',
  envCompanions: [
    { part: 'instanceId', name: 'GR4VY_ID', label: 'instance id', value: (a) => a.instanceId },
    { part: 'environment', name: 'GR4VY_ENVIRONMENT', label: 'environment', value: (a) => a.environment },
    {
      part: 'merchantAccountId',
      name: 'GR4VY_MERCHANT_ACCOUNT_ID',
      label: 'merchant account id',
      value: (a) => a.merchantAccountId,
    },
  ],
  runtimeCaveat: (a) =>
    a.algorithm === 'RS512'
      ? `“${a.label}” holds an RSA key: the official Gr4vy SDKs will refuse it. ${RSA_CAVEAT}.`
      : undefined,
  accountRuleIds: ['private-key-pem', 'private-key-jwk'],
  baseUrlSetting: 'paymentApi.gr4vy.baseUrl',
  defaultBaseUrl: (a) => gr4vyBaseUrl(a.instanceId, a.environment),
  dashboard: (a) => ({
    url: gr4vyDashboardUrl(a.instanceId, a.environment),
    where: `Integrations > API keys > the key with id ${a.kid}`,
  }),
  details: (a) => [
    { label: 'Instance', value: a.instanceId },
    ...(a.role ? [{ label: 'Role', value: GR4VY_ROLES[a.role].name }] : []),
    ...(a.merchantAccountId ? [{ label: 'Merchant account', value: a.merchantAccountId }] : []),
    { label: 'Key', value: `${a.keyFormat}, ${a.keyType ?? 'EC P-521'} (${a.algorithm ?? 'ES512'})` },
    { label: 'Scopes', value: a.scopes.join(' ') },
  ],
  publicId: (a) => ({ name: 'kid', value: a.kid }),
  async prepareSecret(input) {
    const key = await readGr4vyKey(input);
    return {
      value: key.pkcs8Pem,
      key,
      summary:
        `${key.formatName}, ${key.keyType} (${key.algorithm}), kid ${key.kid}` +
        (key.algorithm === 'ES512' ? '' : `. ${RSA_CAVEAT}`),
    };
  },
  withSecret: (a, prepared) =>
    prepared.key
      ? {
          ...a,
          kid: prepared.key.kid,
          keyFormat: prepared.key.formatName,
          keyType: prepared.key.keyType,
          algorithm: prepared.key.algorithm,
        }
      : a,
  isStored: (o) => typeof o.instanceId === 'string' && Array.isArray(o.scopes) && typeof o.kid === 'string',
  accountFrom(common, draft, prepared) {
    const merchantAccountId = validateMerchantAccountId(draftString(draft, 'merchantAccountId'));
    const role = parseRole(draftString(draft, 'role'));
    const scopes = Array.isArray(draft.scopes) ? draft.scopes.map(String) : [...GR4VY_DEFAULT_SCOPES];
    const account: Gr4vyAccount = {
      ...common,
      provider: 'gr4vy',
      instanceId: validateInstanceId(draftString(draft, 'instanceId')),
      scopes,
      kid: '',
      keyFormat: '',
      ...(merchantAccountId ? { merchantAccountId } : {}),
      ...(role ? { role } : {}),
    };
    return GR4VY.withSecret(account, prepared);
  },
  connectionRequest: (a, credential, baseUrl) => gr4vyConnectionTest(a, credential, baseUrl),
  maskedCredential: (a, _masked) =>
    `<${a.algorithm ?? 'ES512'} JWT, kid ${a.kid}, scopes ${GR4VY_TEST_SCOPES.join(' ')}>`,
  async testConnection(a, secret, opts) {
    const target = gr4vyTargetOf(a, await readGr4vyKey(secret));
    const r = withRole(await testGr4vy(target, opts), a.role);
    return withKeyFacts(r, target, a.role ? GR4VY_ROLES[a.role].name : undefined, opts);
  },
  webhooks: GR4VY_WEBHOOKS,
  jwt: {
    kid: (a) => a.kid,
    scopes: (a) => a.scopes,
    target: gr4vyTargetOf,
    readKey: readGr4vyKey,
    parseScopes,
    sign: signGr4vyToken,
    resign: resignGr4vyToken,
    dropsEmbed: (opts) => gr4vyTokenPlan(opts).embedIgnored,
    createCheckoutSession: (target, opts) => createCheckoutSession(target, {}, opts),
    embedToken,
    tokens: GR4VY_TOKENS,
  },
  live: GR4VY_LIVE,
  cli: GR4VY_CLI,
  requests: GR4VY_REQUESTS,
};
