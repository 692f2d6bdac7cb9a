import { AppError, ErrorCodes } from '../../errors';
import type { SigningKey } from '../../keys/privateKey';
import { quotedValue } from '../../text/quoted';
import type { CliTestSpec, CliValues } from '../types';
import { type Gr4vyTarget, testGr4vy } from './connection';
import { parseScopes, validateInstanceId, validateMerchantAccountId } from './fields';
import { readGr4vyKey } from './key';
import { withKeyFacts } from './lookups';

/** The options every Gr4vy command takes: where the key signs for, and how requests are sent. */
export const GR4VY_TARGET_OPTIONS = {
  instance: { type: 'string' },
  environment: { type: 'string' },
  key: { type: 'string' },
  'merchant-account-id': { type: 'string' },
  'base-url': { type: 'string' },
  'timeout-ms': { type: 'string' },
} as const;

const usage = (message: string) => new AppError(ErrorCodes.usage, message);

/**
 * Reads --instance, --environment, --key and --merchant-account-id; `readKey` reads the key file.
 * Throws a usage AppError naming what is missing, or the reader's error for an unusable key.
 */
export async function readGr4vyTarget(
  values: CliValues,
  readKey: (file: string) => Promise<SigningKey>,
): Promise<Gr4vyTarget> {
  if (values.instance === undefined) throw usage('--instance ID is required (the <id> in api.<id>.gr4vy.app)');
  if (values.key === undefined) throw usage('--key FILE is required (the private key file; - for standard input)');
  const environment = String(values.environment ?? 'sandbox');
  if (environment !== 'sandbox' && environment !== 'production') {
    throw usage(`--environment must be sandbox or production (got ${quotedValue(environment)})`);
  }
  const key = await readKey(String(values.key));
  const merchantAccountId = validateMerchantAccountId(String(values['merchant-account-id'] ?? ''));
  return {
    key,
    instanceId: validateInstanceId(String(values.instance)),
    environment,
    ...(merchantAccountId ? { merchantAccountId } : {}),
  };
}

/** `payapi gr4vy`: its one line in the command list. */
export const GR4VY_COMMAND_SUMMARY = 'Gr4vy Embed tokens, with a checkout session';

/** `payapi gr4vy`'s usage. */
export const GR4VY_COMMAND_USAGE = `Usage:
  payapi gr4vy embed --instance ID --key FILE [--environment sandbox|production]
      [--merchant-account-id ID] [--amount N --currency C] [--buyer-external-identifier ID]
      [--buyer-id ID] [--embed JSON] [--checkout-session] [--base-url URL] [--timeout-ms N]
      Prints an Embed token (scope embed, one hour) pinning the given values. With
      --checkout-session, first creates a checkout session (POST /checkout/sessions) and pins its
      id, as the SDKs' getEmbedTokenWithCheckoutSession does; the session id is printed on a second
      line. Exit codes: 0 token printed, 1 Gr4vy refused or could not be reached, 2 usage or I/O error.`;

/** `payapi test gr4vy`: signs a fresh token with the key file's key and tests it. */
export const GR4VY_CLI: CliTestSpec = {
  usage: `payapi test gr4vy --instance ID --key FILE [--environment sandbox|production]
      [--merchant-account-id ID] [--scopes a,b] [--base-url URL] [--timeout-ms N]
      FILE holds the private key (EC P-521 or RSA: PKCS#8, SEC1 or PKCS#1 PEM, or a private JWK);
      - reads standard input.
      Reads GET /buyers, then /transactions, then /payment-services (?limit=1) until one answers
      200, so a key of any role connects; 403 on all three is not connected. The token carries
      *.read; --scopes signs it with those scopes instead (does a narrower token still read?).`,
  options: { ...GR4VY_TARGET_OPTIONS, scopes: { type: 'string' } },
  async test(values, input) {
    const target = await readGr4vyTarget(values, (file) => input.readKey(file, readGr4vyKey));
    const scopes = values.scopes === undefined ? {} : { scopes: parseScopes(String(values.scopes)) };
    const opts = input.requestOptions(values);
    return withKeyFacts(await testGr4vy({ ...target, ...scopes }, opts), target, undefined, opts);
  },
};
