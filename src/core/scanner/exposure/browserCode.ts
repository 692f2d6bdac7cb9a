import { baseName, type FileContext } from '../fileContext';

/** A part of a text that certainly runs in the browser, and what says so (for messages). */
export interface BrowserRegion {
  start: number;
  end: number;
  /** What places it there: `'use client'`, `a <script> block of a .vue file`, `a .js file under public/`. */
  marker: string;
}

/** Pages a server renders: `{{ … }}`, `<%= … %>`, `<?= … ?>` and the like print into what the browser gets. */
export const TEMPLATE_EXTENSIONS: readonly string[] = ['html', 'htm', 'php', 'phtml', 'ejs', 'hbs', 'erb'].concat(
  ['handlebars'],
  ['twig', 'jinja', 'jinja2', 'j2', 'njk', 'liquid', 'mustache', 'jsp', 'aspx', 'gohtml', 'tmpl', 'tpl'],
  ['cshtml', 'razor'],
);
/** HTML pages and server templates: their `<script>` blocks run in the browser, the rest does not. */
const MARKUP = new Set([...TEMPLATE_EXTENSIONS, 'xhtml']);
/** Components whose `<script>` blocks are bundled for the browser. */
const COMPONENTS = new Set(['vue', 'svelte', 'astro']);
/** Modules whose first statement may be a `'use client'` directive. */
const MODULES = new Set(['js', 'jsx', 'ts', 'tsx', 'mjs', 'mts', 'cjs', 'cts']);
/** Files a web server hands to the browser as they are, when under `public/` or `static/`. */
const SERVED = new Set(['js', 'mjs', 'html', 'htm']);
const SERVED_FOLDER = /(?:^|\/)(public|static)\//;
/** Directives that make a module run in the browser: Next.js client components, Expo DOM components. */
const CLIENT_DIRECTIVES: Record<string, string> = {
  'use client': "'use client'",
  'use dom': "'use dom' (an Expo DOM component)",
};
/** `<script type>` values that run: empty, a JavaScript MIME type, `module`, and in-browser compilers. */
const RUNNABLE_TYPE = new RegExp(
  String.raw`^(?:module|(?:text|application)\/(?:x-)?(?:java|ecma)script(?:1\.\d)?|(?:text|application)\/jscript|` +
    String.raw`text\/(?:babel|jsx|tsx|typescript))$`,
  'i',
);
const TYPE_ATTR = /(?:^|\s)type\s{0,5}=\s{0,5}["']?([^"'\s>]{0,80})/i;
const SRC_ATTR = /(?:^|\s)src\s{0,5}=/i;
/** The start of a `<script` tag or an HTML comment (whose script tags are not run). */
const SCRIPT_OR_COMMENT = /<script(?![\w-])|<!--/gi;
const SCRIPT_CLOSE = /<\/script/gi;
/** A tag's attributes longer than this are not read as a `<script>` tag. */
const MAX_TAG = 2000;
/** How many comments and directives may precede `'use client'`. */
const MAX_PROLOGUE_ITEMS = 50;

/** A file's extension, lower case, without the dot (`blade.php` gives `php`). */
export function extensionOf(path: string): string {
  const name = baseName(path).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1);
}

/** What makes a whole file browser code by its place (`public/app.js`), or undefined. */
export function browserFileMarker(file: FileContext | undefined): string | undefined {
  if (!file) return undefined;
  const ext = extensionOf(file.path);
  const folder = SERVED.has(ext) ? SERVED_FOLDER.exec(file.path.replace(/\\/g, '/'))?.[1] : undefined;
  return folder ? `a .${ext} file under ${folder}/` : undefined;
}

/**
 * The directive a JS/TS module starts with (`use client`, `use server`, `use strict`…): the first
 * string statement after comments, a hashbang and other directives, or undefined. Reads at most
 * {@link MAX_PROLOGUE_ITEMS} comments and directives.
 */
export function leadingDirectives(text: string): string[] {
  const found: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.startsWith('#!', i)) i = lineEnd(text, i);
  for (let k = 0; k < MAX_PROLOGUE_ITEMS && i < text.length; k++) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text.startsWith('//', i)) {
      i = lineEnd(text, i);
      continue;
    }
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return found;
      i = close + 2;
      continue;
    }
    const q = text[i];
    if (q !== '"' && q !== "'") return found;
    const close = text.slice(i + 1, i + 82).indexOf(q);
    const body = close < 0 ? '' : text.slice(i + 1, i + 1 + close);
    if (close < 0 || /[\n\\]/.test(body)) return found;
    i += close + 2;
    while (text[i] === ' ' || text[i] === '\t') i++;
    // A string followed by anything but a statement's end is an expression, not a directive.
    if (i < text.length && !/[;\r\n]/.test(text[i] ?? '')) return found;
    found.push(body);
    if (text[i] === ';') i++;
  }
  return found;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}

/** The client directive a module starts with, as shown in messages, or undefined. */
function clientDirective(text: string): string | undefined {
  for (const d of leadingDirectives(text)) if (CLIENT_DIRECTIVES[d]) return CLIENT_DIRECTIVES[d];
  return undefined;
}

/**
 * The bodies of the `<script>` blocks of an HTML-like text that run: not data blocks
 * (`application/json`, `text/template`…), not `<script src>` (whose body is never run), not inside
 * an HTML comment. An unclosed block runs to the end of the text, as in a browser. Linear: each
 * search starts where the last one ended.
 */
export function scriptBlocks(text: string, from = 0): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const open = SCRIPT_OR_COMMENT;
  const close = SCRIPT_CLOSE;
  let gt = -1;
  open.lastIndex = from;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    if (m[0] === '<!--') {
      const end = text.indexOf('-->', m.index + 4);
      if (end < 0) break;
      open.lastIndex = end + 3;
      continue;
    }
    const attrsAt = m.index + m[0].length;
    // The tag's end: found once for a run of `<script` without `>` (searching again would be quadratic).
    if (gt < attrsAt) gt = text.indexOf('>', attrsAt);
    if (gt < 0) break;
    if (gt - attrsAt > MAX_TAG) continue;
    const attrs = text.slice(attrsAt, gt);
    close.lastIndex = gt + 1;
    const c = close.exec(text);
    const end = c ? c.index : text.length;
    const type = (TYPE_ATTR.exec(attrs)?.[1] ?? '').split(';')[0]?.trim() ?? '';
    if ((type === '' || RUNNABLE_TYPE.test(type)) && !SRC_ATTR.test(attrs) && /\S/.test(text.slice(gt + 1, end))) {
      out.push({ start: gt + 1, end });
    }
    if (!c) break;
    open.lastIndex = c.index + 8;
  }
  return out;
}

/** Where an Astro component's frontmatter (`---` … `---`, run on the server) ends, or -1 if unclosed. */
function afterFrontmatter(text: string): number {
  const lead = /^\uFEFF?\s{0,200}---/.exec(text);
  if (!lead) return 0;
  const close = text.indexOf('\n---', lead[0].length);
  return close < 0 ? -1 : close + 4;
}

/** Whether a text of unknown origin is an HTML page (its start says so). */
function looksLikeHtml(text: string): boolean {
  return /^\uFEFF?\s{0,200}(?:<!doctype\s{1,5}html|<html[\s>])/i.test(text.slice(0, 1000));
}

/**
 * The parts of a text that certainly run in the browser:
 * - a JS/TS module whose first statement is `'use client'` (or Expo's `'use dom'`): all of it;
 * - the `<script>` blocks of an HTML page or a server template (`.html`, `.php`, `.ejs`, `.erb`,
 *   `.twig`, `.njk`, `.cshtml`…; a text of unknown origin only when it starts like an HTML page);
 * - the `<script>` blocks of `.vue` (not `*.server.vue`), `.svelte` and `.astro` components (never
 *   Astro's frontmatter, which runs on the server);
 * - `.js`, `.mjs`, `.html` and `.htm` files under a `public/` or `static/` folder: all of it
 *   (not `.php` there: Laravel's `public/index.php` runs on the server).
 * Code that nothing places (a pages-router component, a file in `src/`) is not included.
 *
 * @example
 * browserRegions("'use client'\nfetch(url)", { path: 'app/pay.tsx' })
 * // [{ start: 0, end: 23, marker: "'use client'" }]
 */
export function browserRegions(text: string, file?: FileContext): BrowserRegion[] {
  const whole = browserFileMarker(file);
  if (whole) return [{ start: 0, end: text.length, marker: whole }];
  const ext = file ? extensionOf(file.path) : '';
  const blocks = (from: number, marker: string) =>
    scriptBlocks(text, from).map((b) => ({ ...b, marker: `a <script> block of ${marker}` }));
  if (COMPONENTS.has(ext)) {
    if (ext === 'vue' && /\.server\.vue$/i.test(file?.path ?? '')) return [];
    const from = ext === 'astro' ? afterFrontmatter(text) : 0;
    return from < 0 ? [] : blocks(from, `a .${ext} component`);
  }
  if (MARKUP.has(ext)) return blocks(0, ext === 'htm' || ext === 'html' ? 'an HTML page' : `a .${ext} template`);
  if ((MODULES.has(ext) && !/\.d\.[cm]?ts$/i.test(file?.path ?? '')) || !file) {
    const directive = clientDirective(text);
    if (directive) return [{ start: 0, end: text.length, marker: directive }];
  }
  return !file && looksLikeHtml(text) ? blocks(0, 'an HTML page') : [];
}

/** The region holding `pos` (regions sorted and disjoint), or undefined. */
export function regionAt(regions: readonly BrowserRegion[], pos: number): BrowserRegion | undefined {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = regions[mid];
    if (!r) break;
    if (pos < r.start) hi = mid - 1;
    else if (pos >= r.end) lo = mid + 1;
    else return r;
  }
  return undefined;
}

/** The parts of the regions that lie in [from, to). */
export function clip(regions: readonly BrowserRegion[], from: number, to: number): BrowserRegion[] {
  return regions
    .filter((r) => r.end > from && r.start < to)
    .map((r) => ({ ...r, start: Math.max(r.start, from), end: Math.min(r.end, to) }));
}
