import { HELCIM, HELCIM_DASHBOARD_URL } from './spec';
import { SectionIndex, valueName, valueParents } from '../../scanner/keyPath';
import { entropy, isPlaceholder } from '../../scanner/placeholder';
import { type Candidate, DOCS, ROTATE, type Rule, lineAt, matches, near } from '../../scanner/rule';
import { PUBLIC_PREFIXES } from '../../scanner/exposure/names';

// Helcim api-tokens have no prefix: they are found by the names around them. Helcim calls several
// things a "token" (card and bank tokens, HelcimPay.js checkoutToken and secretToken, Helcim.js
// tokens); only the api-token is a credential, and the secretToken a server-side value.

/** A value made of the characters Helcim tokens use, whole (not part of a longer run). */
const VALUE = /(?<![A-Za-z0-9!%@_.-])[A-Za-z0-9!%@_.-]{20,128}(?![A-Za-z0-9!%@_.-])/g;
/** Hosts of other services that also use an Api-Token header (ActiveCampaign). */
const OTHER_API_TOKEN_HOSTS = /api-us\d+\.com|activehosted\.com|activecampaign/i;
/**
 * What says "Helcim" next to a value named only `api-token`: the name or host, or the
 * `connectedAccountId` of Helcim's connected-account webhook, whose body carries a live `apiToken`.
 */
const HELCIM_CONTEXT = /helcim|"connectedAccountId"/i;
/** How close the Helcim host or name must be to a value named only `api-token`. */
const NEARBY = 500;
/** Words around the name that say which environment or version, not what the value is. */
const ENVIRONMENTS = 'test|prod|production|live|sandbox|dev|development|staging|v2';
const QUALIFIERS = new RegExp(`^(?:${ENVIRONMENTS}|my|default|legacy|pay)|(?:${ENVIRONMENTS})$`);
/** Names of the api-token itself (Helcim's own name, and what people call it). */
const API_TOKEN_NAMES = new Set([
  'apitoken',
  'apikey',
  'accesstoken',
  'authtoken',
  'apiaccesstoken',
  'apisecret',
  'secret',
  'secretkey',
]);
/** Names that mean the api-token only inside a Helcim section or object (`[helcim] token = …`). */
const GENERIC_NAMES = new Set(['token', 'key']);

type Kind = 'api-token' | 'secret-token';

/** A value mostly of lower-case words (`hosted-provider-secret-741`): a readable test value, not a random token. */
function readable(v: string): boolean {
  const words = v.split(/[-_.]/).filter((w) => /^[a-z]{3,}$/.test(w));
  return words.length >= 2 && words.join('').length >= v.length * 0.6;
}

/** A token-looking value: random enough, and with a digit or a symbol (identifiers have neither). */
function tokenLike(v: string): boolean {
  return /[0-9!%@]/.test(v) && /[A-Za-z]/.test(v) && entropy(v) >= 3.2 && !isPlaceholder(v) && !readable(v);
}

/**
 * What a name says the value is, once a public prefix (`VITE_`, `NEXT_PUBLIC_`), "helcim" and
 * environment words are taken off. A public name that says only `token` or `key` (`PUBLIC_KEY`) says too
 * little, even in a Helcim section.
 */
function kindOf(name: string): { kind: Kind; explicit: boolean } | undefined {
  const prefix = PUBLIC_PREFIXES.find((p) => name.startsWith(p.prefix))?.prefix ?? '';
  let core = name
    .slice(prefix.length)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace('helcim', '');
  for (let prev = ''; prev !== core;) {
    prev = core;
    core = core.replace(QUALIFIERS, '');
  }
  if (core.includes('secrettoken')) return { kind: 'secret-token', explicit: true };
  if (API_TOKEN_NAMES.has(core)) return { kind: 'api-token', explicit: core === 'apitoken' };
  if (GENERIC_NAMES.has(core) && (!prefix || /helcim/i.test(name))) return { kind: 'api-token', explicit: false };
  return undefined;
}

/** Helcim values by kind: a name that says what it is, and Helcim in the name, around it, or close by. */
function* helcimValues(text: string, from: number, to: number, wanted: Kind): Iterable<Candidate> {
  let sections: SectionIndex | undefined;
  for (const m of matches(VALUE, text, from, to)) {
    const value = m[0];
    const start = m.index;
    const end = start + value.length;
    if (!tokenLike(value)) continue;
    const named = valueName(text, start, end);
    if (!named) continue;
    const kind = kindOf(named.name);
    if (kind?.kind !== wanted) continue;
    const q = text[start - 1];
    const quoted = (q === '"' || q === "'" || q === '`') && text[end] === q;
    // `-H 'api-token: value'`: a header inside one string.
    const header = named.sep === ':' && /^["'`]/.test(text[end] ?? '');
    if (!quoted && !named.wholeLine && !header) continue;
    const inName = /helcim/i.test(named.name);
    if (!inName) {
      sections ??= new SectionIndex(text);
      const inParents = valueParents(text, start, sections).some((p) => /helcim/i.test(p));
      const nearby =
        kind.explicit &&
        near(text, start, end, HELCIM_CONTEXT, NEARBY) &&
        !OTHER_API_TOKEN_HOSTS.test(lineAt(text, start));
      if (!inParents && !nearby) continue;
    }
    yield { start, end, secret: value };
  }
}

export const helcimToken: Rule = {
  id: 'helcim-api-token',
  rotateUrl: HELCIM_DASHBOARD_URL,
  provider: HELCIM.displayName,
  title: 'Helcim api-token',
  severity: 'error',
  message: 'Hard-coded Helcim api-token: it can process payments and change the merchant account',
  remediation: `${ROTATE} In Helcim: All Tools > Integrations > API Access Configuration > Actions.`,
  docs: `${DOCS}#helcim-api-token`,
  anchor: /helcim|api[-_]?token/i,
  find: (text, from, to) => helcimValues(text, from, to, 'api-token'),
};

export const helcimPaySecretToken: Rule = {
  id: 'helcim-pay-secret-token',
  provider: HELCIM.displayName,
  title: 'HelcimPay.js secretToken',
  severity: 'warning',
  message: 'Hard-coded HelcimPay.js secretToken: valid only for one checkout, but keep it server side',
  remediation:
    'Keep the secretToken that POST /v2/helcim-pay/initialize returns on the server, with the checkout it belongs ' +
    'to; never ship it to the browser or commit it. It validates the hash of that one transaction.',
  docs: `${DOCS}#helcim-pay-secret-token`,
  anchor: /helcim/i,
  find: (text, from, to) => helcimValues(text, from, to, 'secret-token'),
};
