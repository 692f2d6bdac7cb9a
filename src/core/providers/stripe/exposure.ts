import type { ProviderExposure } from '../../scanner/exposure/types';

/** Stripe values made for the browser or that only identify: the publishable key, ids, URLs. */
const PUBLIC = /publishable|public|^pk|pubkey|clientid|id$|url|uri|host|price|product|mode|env/;

/**
 * Stripe's names: the secret or restricted key and the webhook signing secret. `STRIPE_KEY` alone
 * says too little (it is often the publishable key): a secret key's value is found by its prefix.
 */
export const STRIPE_EXPOSURE: ProviderExposure = {
  provider: 'Stripe',
  words: ['stripe'],
  secretOf(rest) {
    if (PUBLIC.test(rest)) return undefined;
    if (/webhook|endpointsecret|signingsecret|whsec/.test(rest)) return 'webhook signing secret';
    if (/secretkey|^secret$|^sk$|restricted|^rk$|^apikey$|^apisecret$/.test(rest)) return 'secret key';
    return undefined;
  },
  serverPackages: ['stripe'],
  browserInstead:
    'it needs the secret key, which would have to ship to the browser. Use @stripe/stripe-js in the browser, ' +
    'the stripe package on the server',
};
