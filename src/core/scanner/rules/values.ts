import { helcimPaySecretToken, helcimToken } from '../../providers/helcim/rules';
import type { Rule } from '../rule';
import { paymentProviderRules } from './payments';
import { privateJwk, privateKeyPem } from './privateKeys';

/**
 * The rules that tell a secret by its value alone, most specific first (where two overlap, the
 * earlier one wins). JWTs are not among them: a signed token may be meant for the browser (a Gr4vy
 * Embed token, a Supabase anon key), so the jwt rule follows them in the scanner's list.
 */
export const VALUE_RULES: readonly Rule[] = [
  helcimToken,
  helcimPaySecretToken,
  privateKeyPem,
  privateJwk,
  ...paymentProviderRules,
];
