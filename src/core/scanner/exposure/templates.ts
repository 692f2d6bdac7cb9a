import type { FileContext } from '../fileContext';
import { type BrowserRegion, TEMPLATE_EXTENSIONS, extensionOf } from './browserCode';

/** An expression a server template prints into the page, and the kind of template (for messages). */
export type TemplateOutput = BrowserRegion;

/** Templates whose `{{ … }}`, `<%= … %>`, `<?= … ?>` print into the page the browser gets. */
const TEMPLATES = new Set(TEMPLATE_EXTENSIONS);
/** What opens a printed expression, and what closes it. */
const OPENERS: { open: string; close: string }[] = [
  { open: '{{', close: '}}' },
  { open: '<%=', close: '%>' },
  { open: '<%-', close: '%>' },
  { open: '<?=', close: '?>' },
  { open: '<?php echo', close: '?>' },
  { open: '<?php print', close: '?>' },
];
const OPEN = /\{\{|<%[=-]|<\?=|<\?php\s{1,5}(?:echo|print)\b/g;
/** Razor prints `@Model.Name` and `@(expression)`. */
const RAZOR = /@\(?[A-Za-z_][\w.]{0,100}/g;
/** A printed expression longer than this is not read. */
const MAX_EXPRESSION = 300;

/**
 * The expressions a server template prints into the page (Jinja/Django/Twig/Handlebars/Liquid/Go
 * `{{ … }}`, EJS/ERB `<%= … %>`, PHP `<?= … ?>` and `<?php echo … ?>`, Razor `@Model.X`, and an
 * Astro component's `{ … }` after its frontmatter): what they print reaches the browser. Linear: a
 * closer that is not there is looked for once.
 */
export function templateOutputs(text: string, file: FileContext | undefined): TemplateOutput[] {
  const ext = file ? extensionOf(file.path) : '';
  if (ext === 'astro') return astroOutputs(text);
  if (!TEMPLATES.has(ext)) return [];
  const marker = `a .${ext} template's output`;
  const out: TemplateOutput[] = [];
  const next = new Map<string, number>();
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(text); m; m = OPEN.exec(text)) {
    const { close } = OPENERS.find((o) => m?.[0].startsWith(o.open.slice(0, 3))) ?? { close: '}}' };
    const start = m.index + m[0].length;
    let at = next.get(close) ?? -2;
    if (at !== -1 && at < start) at = text.indexOf(close, start);
    next.set(close, at);
    if (at < 0) continue;
    if (at - start <= MAX_EXPRESSION) out.push({ start, end: at, marker });
  }
  if (ext === 'cshtml' || ext === 'razor') {
    for (const m of text.matchAll(RAZOR)) out.push({ start: m.index + 1, end: m.index + m[0].length, marker });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** An Astro component's `{ … }` expressions after its frontmatter. */
function astroOutputs(text: string): TemplateOutput[] {
  const lead = /^\uFEFF?\s{0,200}---/.exec(text);
  const from = lead ? text.indexOf('\n---', lead[0].length) : 0;
  if (from < 0) return [];
  const out: TemplateOutput[] = [];
  let close = -2;
  for (let open = text.indexOf('{', from); open >= 0; open = text.indexOf('{', open + 1)) {
    if (close !== -1 && close < open) close = text.indexOf('}', open);
    if (close < 0) break;
    if (close - open <= MAX_EXPRESSION)
      out.push({ start: open + 1, end: close, marker: "an .astro component's output" });
  }
  return out;
}
