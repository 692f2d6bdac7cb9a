import type { FileContext } from '../fileContext';
import { type BrowserRegion, TEMPLATE_EXTENSIONS, extensionOf } from './browserCode';

/** An expression a server template prints into the page, and the kind of template (for messages). */
export type TemplateOutput = BrowserRegion;

/** Templates whose `{{ … }}`, `<%= … %>`, `<?= … ?>` print into the page the browser gets. */
const TEMPLATES = new Set(TEMPLATE_EXTENSIONS);
/** What opens a printed expression, and what closes it. */
const OPENERS: { open: string; close: string }[] = [
  { open: '{{', close: '}}' },
  { open: '{!!', close: '!!}' },
  { open: '<%=', close: '%>' },
  { open: '<%-', close: '%>' },
  { open: '<?=', close: '?>' },
  { open: '<?php echo', close: '?>' },
  { open: '<?php print', close: '?>' },
];
/** Template comments, which print nothing (not even the outputs inside them), and what closes each. */
const COMMENTS: Record<string, string> = { '{{--': '--}}', '{{!--': '--}}', '{{!': '}}', '{#': '#}', '<%#': '%>' };
const OPEN = /\{\{!?--|\{\{!|\{#|<%#|\{\{|\{!!|<%[=-]|<\?=|<\?php\s{1,5}(?:echo|print)\b|@json\(/g;
/** Razor prints `@Model.Name`, `@(expression)`, `@Configuration["Key"]` and `@Html.Raw(…)` (not an e-mail's `@`). */
const RAZOR = /(?<![\w@])@\(?[A-Za-z_][\w.]{0,100}(?:\[\s{0,5}"[^"\n]{1,100}"\s{0,5}\]|\([^()\n]{0,200}\))?/g;
/** A printed expression longer than this is not read. */
const MAX_EXPRESSION = 300;

/**
 * The expressions a server template prints into the page (Jinja/Django/Twig/Handlebars/Liquid/Go
 * `{{ … }}`, EJS/ERB `<%= … %>`, PHP `<?= … ?>` and `<?php echo … ?>`, Blade `{!! … !!}` and
 * `@json(…)`, Razor `@Model.X`, and an Astro component's `{ … }` after its frontmatter), in order:
 * what they print reaches the browser. Given one at a time (a page of braces makes many). Linear: a
 * closer that is not there is looked for once.
 */
export function* templateOutputs(text: string, file: FileContext | undefined): Generator<TemplateOutput> {
  const ext = file ? extensionOf(file.path) : '';
  if (ext === 'astro') {
    yield* astroOutputs(text);
    return;
  }
  if (!TEMPLATES.has(ext)) return;
  const marker = `a .${ext} template's output`;
  const delimited = delimitedOutputs(text, marker);
  if (ext !== 'cshtml' && ext !== 'razor') {
    yield* delimited;
    return;
  }
  // Razor's `@…` and the delimited outputs, each in order: merged.
  const razor = razorOutputs(text, marker);
  let a = delimited.next();
  let b = razor.next();
  while (!a.done || !b.done) {
    if (b.done || (!a.done && a.value.start <= b.value.start)) {
      if (!a.done) yield a.value;
      a = delimited.next();
    } else {
      yield b.value;
      b = razor.next();
    }
  }
}

/** The `{{ … }}`, `<%= … %>`, `<?= … ?>`, `@json(…)`… outputs, in order; comments skipped. */
function* delimitedOutputs(text: string, marker: string): Generator<TemplateOutput> {
  const next = new Map<string, number>();
  let skipTo = 0;
  for (const m of text.matchAll(OPEN)) {
    if (m.index < skipTo) continue;
    const start = m.index + m[0].length;
    if (m[0] === '@json(') {
      // Blade's `@json(…)` ends at its own `)`: read once, to it or for MAX_EXPRESSION characters.
      const at = closingParen(text, start);
      if (at >= 0) yield { start, end: at, marker };
      skipTo = at >= 0 ? at + 1 : start + MAX_EXPRESSION;
      continue;
    }
    const comment = COMMENTS[m[0]];
    const { close } = comment
      ? { close: comment }
      : (OPENERS.find((o) => m[0].startsWith(o.open.slice(0, 3))) ?? { close: '}}' });
    let at = next.get(close) ?? -2;
    if (at !== -1 && at < start) at = text.indexOf(close, start);
    next.set(close, at);
    if (at < 0) continue;
    // What a comment holds is not printed: go on after it.
    if (comment) skipTo = at + close.length;
    else if (at - start <= MAX_EXPRESSION) yield { start, end: at, marker };
  }
}

/** Razor's `@Model.X`, `@(…)`, `@Configuration["…"]`, `@Html.Raw(…)`, in order. */
function* razorOutputs(text: string, marker: string): Generator<TemplateOutput> {
  for (const m of text.matchAll(RAZOR)) yield { start: m.index + 1, end: m.index + m[0].length, marker };
}

/** The `)` that closes a parenthesis opened just before `start`, within MAX_EXPRESSION characters, or -1. */
function closingParen(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < Math.min(text.length, start + MAX_EXPRESSION); i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) return i;
  }
  return -1;
}

/**
 * Whether a PHP file is a page: a `.phtml`, `.blade.php` or `.tpl.php` template, or a file with text
 * outside its `<?php … ?>` blocks (PHP prints it as it is: HTML, a script) or a short echo tag `<?=`.
 * What such a file echoes goes into the page. A file of PHP alone (a class, a route, a script) is not.
 */
export function isPhpPage(text: string, path: string | undefined): boolean {
  if (/\.(?:phtml|blade\.php|tpl\.php)$/i.test(path ?? '')) return true;
  // A CLI script's `#!` line is not printed.
  let i = text.startsWith('#!') ? text.indexOf('\n') + 1 || text.length : 0;
  for (;;) {
    const open = text.indexOf('<?', i);
    if (/\S/.test(text.slice(i, open < 0 ? text.length : open))) return true;
    if (open < 0 || text.startsWith('<?=', open)) return open >= 0;
    const close = text.indexOf('?>', open + 2);
    if (close < 0) return false;
    i = close + 2;
  }
}

/** An Astro component's `{ … }` expressions after its frontmatter, one at a time (a page of braces makes many). */
function* astroOutputs(text: string): Generator<TemplateOutput> {
  const lead = /^\uFEFF?\s{0,200}---/.exec(text);
  const from = lead ? text.indexOf('\n---', lead[0].length) : 0;
  if (from < 0) return;
  let close = -2;
  for (let open = text.indexOf('{', from); open >= 0; open = text.indexOf('{', open + 1)) {
    if (close !== -1 && close < open) close = text.indexOf('}', open);
    if (close < 0) break;
    if (close - open <= MAX_EXPRESSION) yield { start: open + 1, end: close, marker: "an .astro component's output" };
  }
}
