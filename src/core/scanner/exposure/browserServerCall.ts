import { DOCS, type Candidate, type Rule } from '../rule';
import type { FileContext } from '../fileContext';
import { type BrowserRegion, browserRegions } from './browserCode';
import { MAX_FINDINGS, Matches, type SearchScope, escapeRegExp, safePreview, searchScope } from './codeText';
import { EXPOSURES, PROVIDER_ANCHOR, publicPrefixOf, secretNamed } from './names';
import { printedSecrets } from './printed';
import type { ProviderExposure } from './types';

const ID = 'browser-server-call';
const HOSTS = EXPOSURES.flatMap((e) => (e.serverHosts ?? []).map((host) => ({ host, e })));
const PACKAGES = EXPOSURES.flatMap((e) => (e.serverPackages ?? []).map((pkg) => ({ pkg, e })));
const alternatives = (xs: string[]) => (xs.length ? xs.map(escapeRegExp).join('|') : '(?!)');

/**
 * What may bring a server secret into browser code: a provider's API host (in a string or URL), an
 * import of a server SDK (the exact module: `stripe`, not `@stripe/stripe-js`), an environment read.
 */
const TRIGGER = new RegExp(
  [
    `(?<![\\w.-])(${alternatives(HOSTS.map((h) => h.host))})(?![\\w-])`,
    `\\b(?:from|import|require)\\s{0,20}\\(?\\s{0,20}["'\`](${alternatives(PACKAGES.map((p) => p.pkg))})["'\`]`,
    '\\b(process\\.env|import\\.meta\\.env)\\b',
    '\\$env\\/(static|dynamic)\\/private\\b',
  ].join('|'),
  'g',
);
/** `.NAME`, `?.NAME` or `['NAME']` after `process.env`. */
const ENV_MEMBER = /^(?:\??\.([A-Za-z_]\w{0,80})\b|\[\s{0,5}(["'`])([A-Za-z_]\w{0,80})\2\s{0,5}\])/;
/** `const { A, B: b } = ` before `process.env`. */
const DESTRUCTURED = /\{([^{}]{1,300})\}\s{0,10}=\s{0,10}$/;
/** `import { A, B } from '` before `$env/static/private`. */
const PRIVATE_IMPORT = /\bimport\s{1,20}\{([^{}]{1,500})\}\s{0,20}from\s{0,20}["']$/;
const DYNAMIC_IMPORT = /\$env\/dynamic\/private\b/g;
/** `env.NAME` or `env['NAME']` after SvelteKit's `$env/dynamic/private` is imported. */
const DYNAMIC_ENV = /\benv(?:\.([A-Za-z_]\w{0,80})\b|\[\s{0,5}["']([A-Za-z_]\w{0,80})["']\s{0,5}\])/g;
/** A host is a call only inside a string or URL: a quote or `//` right before it. */
const IN_STRING_OR_URL = /(?:["'`]|\/\/)$/;

/** The secret the provider's API takes, for messages. */
function secretOf(e: ProviderExposure): string {
  return e.secretOf('apitoken') ?? e.secretOf('privatekey') ?? e.secretOf('secretkey') ?? 'secret';
}

function hostMessage(e: ProviderExposure, host: string, where: string, initialize: boolean): string {
  const cors = e.refusesBrowsers ? `, and ${e.provider}'s API refuses browsers (CORS)` : '';
  const back = initialize ? ' and return only the checkoutToken' : ' and call that';
  return (
    `Calls the ${e.provider} API (${host}) from code that runs in the browser (${where}): the ${secretOf(e)} ` +
    `would have to be in the browser${cors}. Call it from a server route${back}.`
  );
}

function packageMessage(e: ProviderExposure, pkg: string, where: string): string {
  const instead = e.browserInstead ?? `it needs the ${secretOf(e)}: use it on the server only`;
  return `Imports ${e.provider}'s server SDK (${pkg}) in browser code (${where}): ${instead}.`;
}

function envMessage(name: string, accessor: string, where: string): string {
  const s = secretNamed(name);
  const what = s ? `the ${s.provider} ${s.what}` : 'a payment secret';
  const why = accessor.startsWith('$env/')
    ? `SvelteKit refuses ${accessor} in browser code: use it in +page.server.ts or +server.ts and return only ` +
      'what the page needs'
    : accessor === 'import.meta.env'
      ? 'Vite gives the browser only VITE_ variables, and a VITE_ copy would publish it: use it in server code and ' +
        'call that'
      : 'the bundler leaves server variables undefined in the browser, and a public-prefixed copy (NEXT_PUBLIC_…) ' +
        'would publish it: use it in a server route and call that';
  return `Reads ${name} (${what}) in code that runs in the browser (${where}): ${why}.`;
}

/** An environment variable read at [start, end) whose name is a payment secret's, server-only. */
function envNames(
  names: { name: string; at: number }[],
  accessor: string,
  region: BrowserRegion,
  file?: FileContext,
): Candidate[] {
  const out: Candidate[] = [];
  for (const { name, at } of names) {
    if (!serverSecret(name, file)) continue;
    out.push({
      start: at,
      end: at + name.length,
      secret: name,
      preview: safePreview(name),
      message: envMessage(name, accessor, region.marker),
    });
  }
  return out;
}

/** Whether `name` is a payment secret's server-only name (answers kept: a file may read the same name often). */
const serverSecrets = new Map<string, boolean>();
function serverSecret(name: string, file?: FileContext): boolean {
  if (file?.publicPrefixes?.length) return !!secretNamed(name) && !publicPrefixOf(name, file.publicPrefixes);
  let known = serverSecrets.get(name);
  if (known === undefined) {
    known = !!secretNamed(name) && !publicPrefixOf(name);
    if (serverSecrets.size > 10_000) serverSecrets.clear();
    serverSecrets.set(name, known);
  }
  return known;
}

/** The names bound in `{ A, B: b, C = 1 }`, with their offsets (`at` is where the braces' body starts). */
function bindings(body: string, at: number): { name: string; at: number }[] {
  const out: { name: string; at: number }[] = [];
  for (const m of body.matchAll(/(?:^|,)\s{0,20}([A-Za-z_]\w{0,80})/g)) {
    if (m[1]) out.push({ name: m[1], at: at + m.index + m[0].length - m[1].length });
  }
  return out;
}

/** Findings in one browser region that start in [from, to), into `out` (the module's patterns are used in turn). */
function inRegion(text: string, r: BrowserRegion, scope: Scope, out: Candidate[]): void {
  const { from, to, comments, file } = scope;
  if (out.length >= MAX_FINDINGS) return;
  const end = Math.min(r.end, to);
  for (let m = scope.triggers.at(Math.max(r.start, from)); m && m.index < end;) {
    const at = m.index;
    const comment = comments.at(at);
    if (!comment) out.push(...triggered(text, m, r, file));
    if (out.length >= MAX_FINDINGS) return;
    // On a comment line, so is the rest of the line.
    m = scope.triggers.at(comment ? Math.max(at + 1, comments.lineEndOf(at)) : at + m[0].length);
  }
  // SvelteKit's dynamic private env is read through `env.NAME` anywhere in the block that imports it.
  const dynamic = scope.dynamicImports.at(r.start);
  if (!dynamic || dynamic.index >= r.end) return;
  const names: { name: string; at: number }[] = [];
  for (
    let d = scope.dynamicReads.at(Math.max(r.start, from));
    d && d.index < end;
    d = scope.dynamicReads.at(d.index + 1)
  ) {
    if (comments.at(d.index)) continue;
    const name = d[1] ?? d[2] ?? '';
    names.push({ name, at: d.index + d[0].lastIndexOf(name) });
  }
  out.push(...envNames(names, '$env/dynamic/private', r, file));
}

/** What one trigger match in a browser region is: a host, a server SDK import, or secrets' names read. */
function triggered(text: string, m: RegExpExecArray, r: BrowserRegion, file: FileContext | undefined): Candidate[] {
  const out: Candidate[] = [];
  const [, host, pkg, accessor, svelte] = m;
  if (host) {
    const e = HOSTS.find((h) => h.host === host.toLowerCase())?.e;
    if (!e || !IN_STRING_OR_URL.test(text.slice(Math.max(0, m.index - 80), m.index))) return out;
    const path = text.slice(m.index + host.length, m.index + host.length + 120);
    const initialize = /^[^"'`\s]{0,40}helcim-pay\/initialize/i.test(path);
    const message = hostMessage(e, host, r.marker, initialize);
    out.push({ start: m.index, end: m.index + host.length, secret: host, preview: safePreview(host), message });
  } else if (pkg) {
    const e = PACKAGES.find((p) => p.pkg === pkg)?.e;
    const head = text.slice(Math.max(0, m.index - 300), m.index);
    if (!e || typeOnly(head, m[0])) return out;
    const start = m.index + m[0].length - pkg.length - 1;
    const message = packageMessage(e, pkg, r.marker);
    out.push({ start, end: start + pkg.length, secret: pkg, preview: safePreview(pkg), message });
  } else if (accessor) {
    const after = ENV_MEMBER.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 100));
    const before = DESTRUCTURED.exec(text.slice(Math.max(0, m.index - 320), m.index));
    const names: { name: string; at: number }[] = [];
    if (after) {
      const name = after[1] ?? after[3] ?? '';
      names.push({ name, at: m.index + m[0].length + after[0].lastIndexOf(name) });
    } else if (before?.[1]) {
      const at = m.index - before[0].length + before[0].indexOf('{') + 1;
      names.push(...bindings(before[1], at));
    }
    out.push(...envNames(names, accessor, r, file));
  } else if (svelte === 'static') {
    const before = PRIVATE_IMPORT.exec(text.slice(Math.max(0, m.index - 560), m.index));
    if (!before?.[1]) return out;
    const at = m.index - before[0].length + before[0].indexOf('{') + 1;
    out.push(...envNames(bindings(before[1], at), '$env/static/private', r, file));
  }
  return out;
}

interface Scope extends SearchScope {
  file: FileContext | undefined;
  /** Searched region after region, in order (see {@link Matches}). */
  triggers: Matches;
  dynamicImports: Matches;
  dynamicReads: Matches;
}

/** Whether the import that ends in `clause` brings in types only, which the bundler erases. */
function typeOnly(head: string, clause: string): boolean {
  if (/\btypeof\s{1,5}$/.test(head)) return true;
  if (!clause.startsWith('from')) return false;
  const at = Math.max(head.lastIndexOf('import'), head.lastIndexOf('export'));
  const statement = at < 0 ? '' : head.slice(at);
  if (/^(?:import|export)\s{1,20}type\b/.test(statement)) return true;
  const braces = /^(?:import|export)\s{1,20}\{([^{}]{0,280})\}\s{0,20}$/.exec(statement);
  const specifiers = (braces?.[1] ?? '').split(',').filter((s) => s.trim());
  return specifiers.length > 0 && specifiers.every((s) => /^\s*type\s/.test(s));
}

/** Server APIs, server SDKs and server-only secrets in code that certainly runs in the browser. */
export const browserServerCall: Rule = {
  id: ID,
  provider: 'Payment API Toolkit',
  title: 'Server API or secret in browser code',
  severity: 'error',
  kind: 'exposure',
  message:
    "A provider's server API, server SDK or server-only secret is used in code that runs in the browser, or a " +
    'server template prints the secret into the page',
  remediation:
    'Move the call to a server route (a Next.js route handler, +server.ts, server/api, an Express route) that ' +
    'holds the secret in a server-only environment variable, and have the browser call that route. In the ' +
    "browser use only the provider's browser SDK and the public values it hands out (a checkout or Embed token); " +
    'give a page template only those.',
  docs: `${DOCS}#${ID}`,
  // Every host and package holds its provider's word (a test says so).
  anchor: PROVIDER_ANCHOR,
  // A template prints a name set any distance above it.
  anchorAnywhere: true,
  find(text, from, to, _now, file) {
    const out: Candidate[] = [];
    const scope = {
      ...searchScope(text, from, to),
      file,
      triggers: new Matches(TRIGGER, text),
      dynamicImports: new Matches(DYNAMIC_IMPORT, text),
      dynamicReads: new Matches(DYNAMIC_ENV, text),
    };
    for (const r of browserRegions(text, file)) if (r.end > from && r.start < to) inRegion(text, r, scope, out);
    // A server template that prints a secret into the page puts it in front of the browser as well.
    const found = new Set(out.map((c) => c.start));
    for (const c of printedSecrets(text, from, to, file)) if (!found.has(c.start)) out.push(c);
    return out.sort((a, b) => a.start - b.start).slice(0, MAX_FINDINGS);
  },
};
