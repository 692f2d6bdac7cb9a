import { GR4VY_EXPOSURE } from '../../providers/gr4vy/exposure';
import { HELCIM_EXPOSURE } from '../../providers/helcim/exposure';
import { STRIPE_EXPOSURE } from '../../providers/stripe/exposure';
import { NAME_WORD_START } from '../anchorLiterals';
import type { ProviderExposure } from './types';

/** A prefix a front-end tool ships to the browser: the tool, for messages, and what it does with the variable. */
export interface PublicPrefix {
  prefix: string;
  tool: string;
  /** How the value reaches the browser: "Next.js inlines NEXT_PUBLIC_ variables into the browser bundle". */
  ships?: string;
  /** Who receives it, when not every visitor of a web page (an app's or an extension's users). */
  who?: string;
}

const inlines = (tool: string, prefix: string, into = 'the browser bundle') =>
  `${tool} inlines ${prefix} variables into ${into}`;
const APP_USERS = 'every user of the app';
const EXTENSION_USERS = 'every user of the extension';

/**
 * Prefixes front-end tools inline into the browser bundle, each as its documentation says. Longer
 * prefixes come first (`PUBLIC_ENV__` before `PUBLIC_`): a name takes the longest prefix it starts with.
 * Tools with no prefix are not here: Parcel inlines any `process.env.X` its browser build reads, and
 * Remix's classic compiler inlines none (see media/rules.md).
 */
const TOOL_PREFIXES: PublicPrefix[] = [
  { prefix: 'NEXT_PUBLIC_', tool: 'Next.js' },
  { prefix: 'VITE_', tool: 'Vite', ships: 'Vite inlines VITE_ variables (import.meta.env) into the browser bundle' },
  {
    prefix: 'REACT_APP_',
    tool: 'Create React App',
    ships: 'Create React App embeds REACT_APP_ variables in the browser bundle',
  },
  { prefix: 'EXPO_PUBLIC_', tool: 'Expo', ships: inlines('Expo', 'EXPO_PUBLIC_', 'the app bundle'), who: APP_USERS },
  {
    prefix: 'NUXT_PUBLIC_',
    tool: 'Nuxt',
    ships: 'Nuxt puts NUXT_PUBLIC_ variables in runtimeConfig.public, which every page sends to the browser',
  },
  { prefix: 'NUXT_ENV_', tool: 'Nuxt 2' },
  { prefix: 'PUBLIC_ENV__', tool: 'Vike' },
  {
    prefix: 'PUBLIC_',
    tool: 'SvelteKit, Astro, Qwik and Rsbuild',
    ships:
      'SvelteKit ($env/static/public, $env/dynamic/public), Astro, Qwik and Rsbuild hand PUBLIC_ variables to ' +
      'browser code',
  },
  { prefix: 'GATSBY_', tool: 'Gatsby' },
  { prefix: 'VUE_APP_', tool: 'Vue CLI', ships: 'Vue CLI embeds VUE_APP_ variables in the browser bundle' },
  {
    prefix: 'STORYBOOK_',
    tool: 'Storybook',
    ships: inlines('Storybook', 'STORYBOOK_', 'the built Storybook'),
    who: 'everyone who opens it',
  },
  { prefix: 'MIX_', tool: 'Laravel Mix' },
  {
    prefix: 'SANITY_STUDIO_',
    tool: 'Sanity Studio',
    ships: inlines('Sanity Studio', 'SANITY_STUDIO_', 'the Studio bundle'),
    who: 'everyone who opens the Studio',
  },
  { prefix: 'REDWOOD_ENV_', tool: 'RedwoodJS', ships: inlines('RedwoodJS', 'REDWOOD_ENV_', "the web side's bundle") },
  { prefix: 'UMI_APP_', tool: 'Umi' },
  { prefix: 'NG_APP_', tool: 'Angular (@ngx-env/builder)' },
  { prefix: 'NX_PUBLIC_', tool: 'Nx' },
  { prefix: 'SNOWPACK_PUBLIC_', tool: 'Snowpack' },
  { prefix: 'PREACT_APP_', tool: 'Preact CLI' },
  { prefix: 'MODERN_', tool: 'Modern.js' },
  { prefix: 'FARM_', tool: 'Farm' },
  { prefix: 'TARO_APP_', tool: 'Taro', ships: inlines('Taro', 'TARO_APP_', 'the app bundle'), who: APP_USERS },
  {
    prefix: 'FRESH_PUBLIC_',
    tool: 'Fresh',
    ships: inlines('Fresh', 'FRESH_PUBLIC_', 'the islands sent to the browser'),
  },
  {
    prefix: 'RENDERER_VITE_',
    tool: 'electron-vite',
    ships: inlines('electron-vite', 'RENDERER_VITE_', "the renderer's bundle"),
    who: APP_USERS,
  },
  {
    prefix: 'PLASMO_PUBLIC_',
    tool: 'Plasmo',
    ships: inlines('Plasmo', 'PLASMO_PUBLIC_', 'the extension bundle'),
    who: EXTENSION_USERS,
  },
  { prefix: 'WXT_', tool: 'WXT', ships: inlines('WXT', 'WXT_', 'the extension bundle'), who: EXTENSION_USERS },
];

/** {@link TOOL_PREFIXES}, each with what it ships, longest prefix first. */
export const PUBLIC_PREFIXES: readonly PublicPrefix[] = TOOL_PREFIXES.map((p) => ({
  ...p,
  ships: p.ships ?? inlines(p.tool, p.prefix),
})).sort((a, b) => b.prefix.length - a.prefix.length);

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

/**
 * A case-insensitive pattern of plain words, escapes, `_?` and `|` (`secret_?token|helcim-pay\/initialize`)
 * written for a case-sensitive one: each letter as a pair class (`[sS][eE]…`). Throws on anything else.
 */
export function caselessSource(source: string): string {
  if (/[[\](){}*+.^$?]/.test(source.replace(/\\[^A-Za-z0-9]|_\?/g, '')))
    throw new Error(`caselessSource: /${source}/ is not plain words`);
  return source.replace(/\\[^A-Za-z0-9]|[A-Za-z]/g, (c) =>
    c.length === 1 ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c,
  );
}

/**
 * The first words of a getter that logArgs reads as the secret's name it is followed by
 * (`getStripeSecretKey()`, `loadstripesecretkey()`): glued on, as in the second, they hide where the
 * provider's word starts, so the anchor also looks for the words after them.
 */
export const GETTER_WORDS = ['get', 'load', 'read'] as const;

const CASELESS_WORDS = EXPOSURES.flatMap((e) => e.words)
  .map(caselessSource)
  .join('|');

/**
 * The one anchor of the rules that need a payment secret's name in the text (its provider's word, or
 * Helcim's header name): one pattern, so the scanner's combined prefilter holds these words once.
 * A provider's word counts only where a word of a name starts ({@link NAME_WORD_START}: `STRIPE_KEY`,
 * `myStripeKey`, `$stripe`, not `mystripe` or the `cko` of `blockOrder`), as {@link secretNamed} reads
 * names, or right after a getter's first word ({@link GETTER_WORDS}); every server host and SDK
 * package the rules look for has it so too (`api.helcim.com`, `@gr4vy/sdk`). Case-sensitive (a
 * capital after a small letter starts a word), each word's letters written in both cases.
 */
export const PROVIDER_ANCHOR = new RegExp(
  [
    `${NAME_WORD_START}(?:${CASELESS_WORDS})`,
    ...GETTER_WORDS.map((g) => `${NAME_WORD_START}${caselessSource(g)}(?:${CASELESS_WORDS})`),
    caselessSource('api-token'),
  ].join('|'),
);

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
export function publicPrefixOf(name: string, projectPrefixes: readonly string[] = []): PublicPrefix | undefined {
  const own = PUBLIC_PREFIXES.find((p) => name.startsWith(p.prefix) && name.length > p.prefix.length);
  if (own) return own;
  const configured = projectPrefixes.find((p) => name.startsWith(p) && name.length > p.length);
  return configured ? { prefix: configured, tool: "this project's config" } : undefined;
}

/** A secret's name under a public prefix: the prefix, the tool that ships it to the browser, and the secret. */
export interface PublicSecretName extends SecretName, PublicPrefix {
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
