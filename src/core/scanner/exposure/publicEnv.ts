import { type FileContext, isEnvFile } from '../fileContext';
import type { Severity } from '../../../shared/protocol';
import { type Candidate, DOCS, type Rule, matches } from '../rule';
import { VALUE_RULES } from '../rules/values';
import { codeSideOf } from './codeSide';
import {
  PUBLIC_PREFIXES,
  type PublicPrefix,
  type PublicSecretName,
  type SecretName,
  publicPrefixOf,
  publicSecretName,
} from './names';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PREFIX_SOURCE = PUBLIC_PREFIXES.map((p) => p.prefix).join('|');
/** A whole identifier under a public prefix; a name longer than any real one is not read. */
const nameRe = (prefixes: string) =>
  new RegExp(`(?<![A-Za-z0-9_])(?:${prefixes})[A-Za-z0-9_]{1,120}(?![A-Za-z0-9_])`, 'g');
const STATIC_NAMES = nameRe(PREFIX_SOURCE);

/** How far around a name its line is read (a minified line may be megabytes long). */
const LINE_REACH = 300;
/** The longest value read after `NAME=` (PEM keys in one escaped line are a few thousand characters). */
const VALUE_REACH = 4000;
/** Before a name that a config line sets: nothing, `export `, a YAML list's `- `, a quote. */
const SET_BEFORE = /^[ \t]{0,40}(?:export[ \t]{1,10}|-[ \t]{1,10}|set[ \t]{1,10})?["']?$/;
const DOCKER_BEFORE = /^[ \t]{0,40}(?:ENV|ARG)[ \t]{1,10}$/;
const SET_AFTER = /^["']?[ \t]{0,10}[=:]/;
/** A name a `.env` line defines (`NAME=`, `export NAME=`). */
const ENV_DEFINITION = /^[ \t]{0,40}(?:export[ \t]{1,10})?([A-Za-z_][A-Za-z0-9_]{0,200})[ \t]{0,10}=/gm;
/** A line that reads the environment: `process.env`, `import.meta.env`, SvelteKit's `$env/…`, `env.X`. */
const READS = /process\.env|import\.meta\.env|\$env\/|\benv\s{0,3}(?:\?\.|\.|\[)/;

/** Where a name is: set by config, read by code (in the browser, on a server, or either), or only named. */
type Place = 'set' | 'read' | 'read-client' | 'read-server' | 'named';
/** What the secret rules found in a value: their title ("Stripe secret key") and severity (test keys: warning). */
interface ValueSecret {
  title: string;
  severity: Severity;
}

/**
 * The line around [start, end), at most LINE_REACH either side: what precedes the name (`before`,
 * undefined when the line starts further back than that) and what follows it.
 */
function lineAround(text: string, start: number, end: number): { before?: string; near: string; after: string } {
  const head = text.slice(Math.max(0, start - LINE_REACH), start);
  const nl = head.lastIndexOf('\n');
  const tail = text.slice(end, end + LINE_REACH);
  const eol = tail.search(/\r?\n/);
  const after = eol < 0 ? tail : tail.slice(0, eol);
  const near = head.slice(nl + 1);
  return nl < 0 && start > LINE_REACH ? { near, after } : { before: near, near, after };
}

/** Whether the name at [start, end) is set on its line (`.env`, YAML, Dockerfile), read by code, or only named. */
function placeOf(text: string, start: number, end: number): Place {
  const { before, near, after } = lineAround(text, start, end);
  if (before !== undefined && (DOCKER_BEFORE.test(before) || (SET_BEFORE.test(before) && SET_AFTER.test(after))))
    return 'set';
  return READS.test(`${near} ${after}`) ? 'read' : 'named';
}

/**
 * A secret's value assigned to the name at [start, end) on a `.env`-style line (`NAME=value`,
 * `NAME: value`, `export NAME="value"`), found by the secret rules: the candidate, or undefined.
 */
function secretValueOf(text: string, start: number, end: number, now: number): ValueSecret | undefined {
  const { before } = lineAround(text, start, end);
  if (before === undefined || !SET_BEFORE.test(before)) return undefined;
  const tail = text.slice(end, end + VALUE_REACH);
  const eol = tail.search(/\r?\n/);
  const line = text.slice(start, end) + (eol < 0 ? tail : tail.slice(0, eol));
  const sep = /^["']?[ \t]{0,10}[=:][ \t]{0,10}/.exec(line.slice(end - start));
  if (!sep) return undefined;
  const valueAt = end - start + sep[0].length;
  for (const rule of VALUE_RULES) {
    for (const c of rule.find(line, valueAt, line.length, now)) {
      if (c.start >= valueAt) return { title: rule.title, severity: c.severity ?? rule.severity };
    }
  }
  return undefined;
}

/** "the Helcim api-token", "the HelcimPay.js secretToken". */
const secretPhrase = (s: SecretName) => (s.what.includes(s.provider) ? `the ${s.what}` : `the ${s.provider} ${s.what}`);
/** What ships the prefix to the browser; a prefix the project configures is said generically (Vite or SvelteKit). */
const shipsPhrase = (p: PublicPrefix) =>
  p.ships ??
  `${p.tool} (Vite envPrefix or SvelteKit publicPrefix) makes ${p.prefix} variables public: they are inlined into ` +
    'the browser bundle';

/** The finding's message: the name, the tool that ships it, the secret, and what to do where it is. */
function messageOf(name: string, place: Place, p: PublicPrefix, secret: string, serverName: string) {
  const ships = shipsPhrase(p);
  const who = p.who ?? 'every visitor';
  switch (place) {
    case 'set':
      return (
        `${name} is set here: ${ships}, so ${secret} would reach ${who}: keep it as ${serverName} ` +
        'and use it only in server code'
      );
    case 'read':
      return (
        `${name} is read here: ${ships}, so ${secret} reaches ${who} from any client code that reads it: read ` +
        `${serverName} instead, in server code only (an API route, a server action, a server load function)`
      );
    case 'read-client':
      return (
        `${name} is read in browser code: ${ships}, so ${secret} is in the code sent to ${who}: move this code ` +
        `to the server (an API route, a server action, a server load function) and read ${serverName} there`
      );
    case 'read-server':
      return (
        `${name} is read in server code (not in the browser bundle from here), but ${ships}: any client code ` +
        `that reads it hands ${secret} to ${who}. Rename it to ${serverName}, here and where it is set`
      );
    case 'named':
      return (
        `${name}: ${ships}, so ${secret} under this name would reach ${who}: name it ${serverName} and use it ` +
        'only in server code'
      );
  }
}

function* findPublicSecrets(
  text: string,
  from: number,
  to: number,
  now: number,
  file?: FileContext,
): Iterable<Candidate> {
  if (file?.ignored && !isEnvFile(file.path)) return;
  const own = file?.publicPrefixes ?? [];
  const names = own.length ? nameRe([PREFIX_SOURCE, ...own.map(escape)].join('|')) : STATIC_NAMES;
  // A file names the same few variables again and again: each is classified once.
  const classified = new Map<string, PublicSecretName | undefined>();
  const messages = new Map<string, string>();
  let side: 'client' | 'server' | 'unknown' | undefined;
  for (const m of matches(names, text, from, to)) {
    const name = m[0];
    const start = m.index;
    const end = start + name.length;
    if (!classified.has(name)) classified.set(name, publicSecretName(name, own));
    const named = classified.get(name);
    if (named) {
      const { serverName } = named;
      let place = placeOf(text, start, end);
      if (place === 'read') {
        side ??= codeSideOf(text, file) ?? 'unknown';
        if (side !== 'unknown') place = side === 'client' ? 'read-client' : 'read-server';
      }
      const key = `${place} ${name}`;
      const message = messages.get(key) ?? messageOf(name, place, named, secretPhrase(named), serverName);
      messages.set(key, message);
      // Read on a server, the secret is one client import away from the bundle, not in it.
      yield {
        start,
        end,
        secret: name,
        preview: name,
        message,
        severity: place === 'read-server' ? 'warning' : 'error',
      };
      continue;
    }
    const p = publicPrefixOf(name, own);
    const value = p && secretValueOf(text, start, end, now);
    if (!p || !value) continue;
    const serverName = name.slice(p.prefix.length);
    const message = messageOf(name, 'set', p, `a ${value.title} (found by its value)`, serverName);
    yield { start, end, secret: name, preview: name, message, severity: value.severity };
  }
}

export const publicEnvSecret: Rule = {
  id: 'public-env-secret',
  provider: 'Payment API Toolkit',
  title: 'Payment secret under a public environment name',
  severity: 'error',
  message: 'A payment secret under a name the front-end build ships to the browser',
  remediation:
    'Keep payment secrets under names without a public prefix (HELCIM_API_TOKEN, not NEXT_PUBLIC_HELCIM_API_TOKEN), ' +
    'read them only in server code (API routes, server actions, +page.server.ts load functions, server ' +
    "middleware) and call the provider from there. If a build ever shipped the value, rotate it in the provider's " +
    'dashboard.',
  docs: `${DOCS}#public-env-secret`,
  kind: 'exposure',
  readsIgnoredEnv: true,
  anchor: new RegExp(`(?<![A-Za-z0-9_])(?:${PREFIX_SOURCE})`),
  runsOn: (file) => (file.publicPrefixes?.length ?? 0) > 0,
  find: findPublicSecrets,
  fix: (text, start, end, _languageId, file) => publicEnvRename(text, start, end, file?.publicPrefixes),
};

/** A quick fix's edit: replace [start, end) with `text`. */
export interface PublicEnvRename {
  title: string;
  edit: { start: number; end: number; text: string };
}

/**
 * The quick fix for a public name that a `.env`-style line defines (`NAME=…`, `export NAME=…`):
 * rename it to the server-only name. Undefined for a read in code (renaming a read in browser code
 * would break it: the call must move to the server) and when the server name is already defined
 * in the text (the two would fight over which value wins).
 *
 * @example
 * publicEnvRename('NEXT_PUBLIC_HELCIM_API_TOKEN=…', 0, 28)?.edit.text // 'HELCIM_API_TOKEN'
 */
export function publicEnvRename(
  text: string,
  start: number,
  end: number,
  projectPrefixes: readonly string[] = [],
): PublicEnvRename | undefined {
  const name = text.slice(start, end);
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,200}$/.test(name)) return undefined;
  const p = publicPrefixOf(name, projectPrefixes);
  const serverName = p ? name.slice(p.prefix.length) : '';
  if (!p || !/^[A-Za-z_]/.test(serverName)) return undefined;
  const { before, after } = lineAround(text, start, end);
  if (before === undefined || !/^[ \t]{0,40}(?:export[ \t]{1,10})?$/.test(before) || !/^[ \t]{0,10}=/.test(after))
    return undefined;
  for (const d of text.matchAll(ENV_DEFINITION)) if (d[1] === serverName) return undefined;
  return {
    title: `Rename to ${serverName} (server only: not shipped to the browser by ${p.tool})`,
    edit: { start, end, text: serverName },
  };
}
