import type { ProviderExposure } from '../../scanner/exposure/types';

/** Gr4vy values that are public or only point at the key: ids, the instance, the environment, Embed tokens, paths. */
const PUBLIC = /id$|instance|environment|^env$|merchant|url|uri|host|embed|checkout|buyer|path|file|dir|location|kid/;

/**
 * Gr4vy's names: the private key that signs API tokens (`GR4VY_PRIVATE_KEY`, `gr4vyKey`) and the
 * webhook secret. The instance id, environment and merchant account are public; an Embed token is
 * made for the browser.
 */
export const GR4VY_EXPOSURE: ProviderExposure = {
  provider: 'Gr4vy',
  words: ['gr4vy'],
  secretOf(rest) {
    if (PUBLIC.test(rest)) return undefined;
    if (/webhook/.test(rest) && /secret|key/.test(rest)) return 'webhook secret';
    if (/^(?:private|signing|secret|api)?key$|^secret$|privatekey|pem$|jwk$/.test(rest)) return 'private key';
    return undefined;
  },
  serverPackages: ['@gr4vy/sdk', '@gr4vy/node'],
  browserInstead:
    'it signs API tokens with the private key, which would have to ship to the browser. Use @gr4vy/embed-react ' +
    'or Secure Fields in the browser, the SDK on the server (it can make the Embed token)',
};
