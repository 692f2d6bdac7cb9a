import type { Span } from './codeText';

/**
 * What a sent value (a response call's argument, a handler's return value) holds at its top level:
 * the places a given name is put in it (a key, a shorthand property, a value read, a PHP `compact`
 * name) and the plain values it is made of (`data`, `{ ...data }`, `{ checkout: data }`,
 * `r.data`, `await r.json()`). What is passed to another call inside it (`verify(secretToken)`,
 * `Boolean(x)`) is not sent, except through serialisers (`JSON.stringify`, `json.dumps`, `dict`,
 * `compact`, `array`, `Object.assign`).
 */
export interface SentParts {
  names: Span[];
  values: Span[];
}

/** Calls whose arguments are sent as they are. */
const TRANSPARENT = /^(?:JSON\.stringify|json\.dumps|dict|array|compact|Object\.assign|json_encode|structuredClone)$/;
/** Values that are not a variable holding a response. */
const LITERALS = /^(?:true|false|null|undefined|None|True|False|nil|this|self|new|typeof|void|not|await)$/;
/** A plain value: `data`, `$data`, `r.data`, `(await r.json())`, `res.locals.x`. */
const VALUE = new RegExp(
  String.raw`^(?:await\s{1,5})?\(?\s{0,3}(?:await\s{1,5})?\$?[A-Za-z_][\w$]{0,60}` +
    String.raw`(?:\s{0,3}(?:\??\.|->)\s{0,3}[A-Za-z_][\w$]{0,60}){0,4}(?:\s{0,3}\(\s{0,3}\))?\)?(?:\.data)?`,
);
/** How many plain values are followed back per sent value. */
const MAX_VALUES = 8;

interface Frame {
  opaque: boolean;
  compact: boolean;
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT = /[\w$]/;

/** The first index at or after `i` (before `end`) that is not white space. */
function skipSpace(text: string, i: number, end: number): number {
  while (i < end && /\s/.test(text[i] ?? '')) i++;
  return i;
}

/** The last index before `i` (not before `start`) that is not white space, or start - 1. */
function backSpace(text: string, i: number, start: number): number {
  while (i >= start && /\s/.test(text[i] ?? '')) i--;
  return i;
}

/** The callee's name before a `(` at `i` (`JSON.stringify`, `verify`), or '' for a grouping parenthesis. */
function calleeBefore(text: string, i: number, start: number): string {
  let j = backSpace(text, i - 1, start);
  const end = j + 1;
  while (j >= start && end - j < 80 && /[\w$.]/.test(text[j] ?? '')) j--;
  return text.slice(j + 1, end);
}

/**
 * The parts of the value at `body` (at most 2000 characters are read): where `isName` names are put,
 * and its plain values. Strings are skipped but for a key (`"secretToken": …`, `['secretToken']`,
 * `compact('secretToken')`) and the `${…}` of template literals.
 */
export function sentParts(text: string, body: Span, isName: (s: string) => boolean): SentParts {
  const names: Span[] = [];
  const values: Span[] = [];
  const stack: Frame[] = [];
  const end = Math.min(body.end, body.start + 2000);
  let opaqueFrames = 0;
  let tries = 0;
  const opaque = () => opaqueFrames > 0;
  for (let i = body.start; i < end; i++) {
    const c = text[i] ?? '';
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < end && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      const inner = text.slice(i + 1, j);
      if (!opaque()) {
        const next = text[skipSpace(text, j + 1, end)] ?? '';
        const keyed = next === ':' || text.startsWith('=>', skipSpace(text, j + 1, end));
        const indexed = text[backSpace(text, i - 1, body.start)] === '[';
        if (isName(inner) && (keyed || indexed || stack.at(-1)?.compact)) names.push({ start: i + 1, end: j });
        if (c === '`') templateNames(inner, i + 1, isName, names);
      }
      i = j;
    } else if (c === '(') {
      const callee = calleeBefore(text, i, body.start);
      const transparent = callee === '' || TRANSPARENT.test(callee) || /^(?:return|await|in|of|and|or)$/.test(callee);
      stack.push({ opaque: !transparent, compact: callee === 'compact' });
      if (!transparent) opaqueFrames++;
    } else if (c === '{' || c === '[') stack.push({ opaque: false, compact: false });
    else if (c === ')' || c === '}' || c === ']') {
      if (stack.pop()?.opaque) opaqueFrames--;
    } else if (IDENT_START.test(c) && !IDENT.test(text[i - 1] ?? '')) {
      let j = i + 1;
      while (j < end && IDENT.test(text[j] ?? '')) j++;
      const word = text.slice(i, j);
      if (!opaque()) {
        if (isName(word) && !unsentUse(text, i, j, end, body.start)) names.push({ start: i, end: j });
        else if ((!LITERALS.test(word) || word === 'await') && values.length < MAX_VALUES && tries++ < 4 * MAX_VALUES) {
          const v = valueAt(text, i, end, body.start);
          if (v) values.push(v);
        }
      }
      i = j - 1;
    }
  }
  return { names, values };
}

/** Names read in the `${…}` parts of a template literal's text (starting at `at`). */
function templateNames(inner: string, at: number, isName: (s: string) => boolean, out: Span[]): void {
  for (const m of inner.matchAll(/\$\{([^{}]{0,200})\}/g)) {
    for (const w of (m[1] ?? '').matchAll(/[A-Za-z_$][\w$]{0,60}/g)) {
      if (isName(w[0])) {
        const start = at + m.index + 2 + w.index;
        out.push({ start, end: start + w[0].length });
      }
    }
  }
}

/**
 * Whether a name at [i, j) is used without its value being sent: negated or tested (`!!secretToken`,
 * `typeof`), measured (`.length`), or a key set to nothing (`secretToken: undefined`).
 */
function unsentUse(text: string, i: number, j: number, end: number, start: number): boolean {
  let k = i - 1;
  while (k >= start && /[\w$.?]/.test(text[k] ?? '')) k--;
  const before = text.slice(Math.max(start, k - 8), k + 1);
  if (/!\s{0,3}$|\btypeof\s{1,3}$/.test(before)) return true;
  const after = text.slice(j, Math.min(end, j + 40));
  return /^\s{0,3}(?:\??\.length\b|:\s{0,3}(?:undefined|null|None|nil|false|true)\b|\()/.test(after);
}

/**
 * A plain value starting at `i`: a variable, a member chain (`r.data`), an empty call at its end
 * (`await r.json()`), spread or not, alone between delimiters (`,` `}` `)` `]` or the end).
 */
function valueAt(text: string, i: number, end: number, start: number): Span | undefined {
  const prev = backSpace(text, i - 1, start);
  const p = text[prev] ?? '';
  const spread = text.slice(Math.max(start, prev - 2), prev + 1) === '...';
  if (prev >= start && !spread && !'{,:([=>'.includes(p)) return undefined;
  if (p === '>' && text[prev - 1] === '-') return undefined;
  const m = VALUE.exec(text.slice(i, Math.min(end, i + 200)));
  if (!m) return undefined;
  const after = skipSpace(text, i + m[0].length, end);
  return after >= end || ',})];'.includes(text[after] ?? '') ? { start: i, end: i + m[0].length } : undefined;
}
