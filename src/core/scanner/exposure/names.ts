import { GR4VY_EXPOSURE } from '../../providers/gr4vy/exposure';
import { HELCIM_EXPOSURE } from '../../providers/helcim/exposure';
import { STRIPE_EXPOSURE } from '../../providers/stripe/exposure';
import type { ProviderExposure } from './types';

/** Prefixes front-end tools inline into the browser bundle, and the tool that does. */
export const PUBLIC_PREFIXES: readonly { prefix: string; tool: string }[] = [
  { prefix: 'NEXT_PUBLIC_', tool: 'Next.js' },
  { prefix: 'VITE_', tool: 'Vite' },
  { prefix: 'REACT_APP_', tool: 'Create React App' },
  { prefix: 'EXPO_PUBLIC_', tool: 'Expo' },
  { prefix: 'NUXT_PUBLIC_', tool: 'Nuxt' },
  { prefix: 'NUXT_ENV_', tool: 'Nuxt 2' },
  { prefix: 'PUBLIC_', tool: 'SvelteKit and Astro' },
  { prefix: 'GATSBY_', tool: 'Gatsby' },
  { prefix: 'VUE_APP_', tool: 'Vue CLI' },
  { prefix: 'STORYBOOK_', tool: 'Storybook' },
];

/** Words that say which environment or copy, not what the value is. */
const QUALIFIERS = new Set([
  ...['test', 'testing', 'prod', 'production', 'live', 'sandbox', 'dev', 'development', 'staging', 'stage', 'local'],
  ...['my', 'default', 'legacy', 'old', 'new', 'main', 'primary', 'secondary', 'v1', 'v2', 'v3', 'app', 'server'],
  'backend',
]);

/**
 * Payment providers known only by their key formats (rules/payments.ts): their names, generically.
 * `keyAloneIsVague`: the provider's word is an everyday one, so `<word>_KEY` says too little (`paymentKey`
 * is a cache or idempotency key far more often than a credential).
 */
function generic(provider: string, words: string[], apiKeyIsPublic = false, keyAloneIsVague = false): ProviderExposure {
  return {
    provider,
    words,
    secretOf(rest) {
      // A PaymentIntent's or SetupIntent's client secret is made for the browser.
      if (
        /publishable|public|^pub|clientid|clientkey|appid|applicationid|merchantid|profileid|locationid|intent/.test(
          rest,
        )
      )
        return undefined;
      if (/keyid|storefront|tokenization|url|uri|host|mode|env|currency|country|id$/.test(rest)) return undefined;
      if (/privatekey/.test(rest)) return 'private key';
      if (/webhook/.test(rest) && /secret|key/.test(rest)) return 'webhook secret';
      if (/accesstoken|authtoken|apitoken/.test(rest)) return 'access token';
      if (/secret|password|passwd|signingkey|encryptionkey|encryptkey/.test(rest)) return 'secret key';
      if (/^(?:api)?key$/.test(rest))
        return apiKeyIsPublic || (keyAloneIsVague && rest === 'key') ? undefined : 'API key';
      return undefined;
    },
  };
}

/** Every provider whose secrets' names are known, the product's own first. */
export const EXPOSURES: readonly ProviderExposure[] = [
  HELCIM_EXPOSURE,
  GR4VY_EXPOSURE,
  STRIPE_EXPOSURE,
  generic('Paystack', ['paystack']),
  generic('Square', ['square']),
  generic('Shopify', ['shopify'], true),
  generic('Plaid', ['plaid']),
  generic('Braintree', ['braintree']),
  generic('PayPal', ['paypal']),
  generic('Adyen', ['adyen']),
  generic('Checkout.com', ['cko', 'checkoutcom']),
  generic('GoCardless', ['gocardless']),
  generic('Razorpay', ['razorpay', 'rzp']),
  generic('Mollie', ['mollie']),
  generic('Flutterwave', ['flutterwave', 'flw']),
  generic('payment provider', ['payment', 'payments'], false, true),
];

/** The provider words as one pattern source (case-insensitive), for rule anchors. */
export const PROVIDER_WORDS = EXPOSURES.flatMap((e) => e.words).join('|');

/** A variable name that holds a payment secret. */
export interface SecretName {
  provider: string;
  /** The secret, for messages: "api-token", "private key". */
  what: string;
}

/** A name's words, lower case: `NEXT_PUBLIC_HELCIM_API_TOKEN`, `helcimApiToken`, `helcim-api-token` alike. */
export function nameWords(name: string): string[] {
  return name
    .slice(0, 200)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * What secret a variable name holds, by its words: a provider's word, then words that say secret
 * (see each provider's {@link ProviderExposure.secretOf}); undefined for public values and for names
 * that name no payment provider. A public prefix is not taken off: see {@link publicSecretName}.
 *
 * @example
 * secretNamed('HELCIM_API_TOKEN') // { provider: 'Helcim', what: 'api-token' }
 * secretNamed('GR4VY_ID') // undefined
 */
export function secretNamed(name: string): SecretName | undefined {
  const words = nameWords(name);
  for (const e of EXPOSURES) {
    // The provider's word on its own (`HELCIM_TOKEN`) or glued to the rest (`HELCIMTOKEN`).
    const at = words.findIndex((w) => e.words.some((p) => w.startsWith(p)));
    if (at < 0) continue;
    const word = words[at] ?? '';
    const glued = word.slice((e.words.find((p) => word.startsWith(p)) ?? '').length);
    const rest = [...words.slice(0, at), glued, ...words.slice(at + 1)].filter((w) => !QUALIFIERS.has(w)).join('');
    if (!rest) return undefined;
    const what = e.secretOf(rest);
    return what ? { provider: e.provider, what } : undefined;
  }
  return undefined;
}

/** A public prefix a name starts with (the tools' own, then the project's), and the tool that ships it. */
export function publicPrefixOf(
  name: string,
  projectPrefixes: readonly string[] = [],
): { prefix: string; tool: string } | undefined {
  const own = PUBLIC_PREFIXES.find((p) => name.startsWith(p.prefix) && name.length > p.prefix.length);
  if (own) return own;
  const configured = projectPrefixes.find((p) => name.startsWith(p) && name.length > p.length);
  return configured ? { prefix: configured, tool: "this project's config" } : undefined;
}

/** A secret's name under a public prefix: the prefix, the tool that ships it to the browser, and the secret. */
export interface PublicSecretName extends SecretName {
  prefix: string;
  tool: string;
  /** The name without the prefix: the server-only name to rename it to. */
  serverName: string;
}

/**
 * Whether `name` is a payment secret's name under a prefix that ships it to the browser.
 *
 * @example
 * publicSecretName('NEXT_PUBLIC_HELCIM_API_TOKEN')?.serverName // 'HELCIM_API_TOKEN'
 * publicSecretName('NEXT_PUBLIC_GR4VY_ID') // undefined: an instance id is public
 */
export function publicSecretName(name: string, projectPrefixes: readonly string[] = []): PublicSecretName | undefined {
  const p = publicPrefixOf(name, projectPrefixes);
  if (!p) return undefined;
  const serverName = name.slice(p.prefix.length);
  const secret = secretNamed(serverName);
  return secret ? { ...secret, ...p, serverName } : undefined;
}
