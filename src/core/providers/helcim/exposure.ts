import type { ProviderExposure } from '../../scanner/exposure/types';

/** Values Helcim means for the browser or that only identify: HelcimPay.js checkoutToken, Helcim.js token, ids. */
const PUBLIC = /checkout|^js|jstoken|account|terminal|customer|card|bank|invoice|url|uri|host|id$|currency|mode|env/;

/**
 * Helcim's names: the api-token under what people call it (`HELCIM_API_TOKEN`, `HELCIM_TOKEN`,
 * `helcimApiKey`), HelcimPay.js's secretToken and the webhook verifier token. The checkoutToken and
 * the Helcim.js token are made for the browser.
 */
export const HELCIM_EXPOSURE: ProviderExposure = {
  provider: 'Helcim',
  words: ['helcim'],
  secretOf(rest) {
    if (rest.includes('secrettoken')) return 'HelcimPay.js secretToken';
    if (PUBLIC.test(rest)) return undefined;
    if (/verifier|webhook/.test(rest) && /token|secret|key/.test(rest)) return 'webhook verifier token';
    if (/^(?:api)?(?:access|auth)?(?:token|key|secret)$|^secretkey$/.test(rest)) return 'api-token';
    return undefined;
  },
  serverHosts: ['api.helcim.com'],
  refusesBrowsers: true,
};
