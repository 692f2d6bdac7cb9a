import type { FileContext } from '../fileContext';
import { leadingDirectives } from './browserCode';

/**
 * Whether a `return` answers a request or becomes page data: the function around it is a Nuxt
 * event handler, a Fastify handler, a NestJS route method, a tRPC procedure, a SvelteKit `load` or
 * form action, `getServerSideProps`, a Remix loader or action, a `'use server'` action, or a
 * Flask/FastAPI route. Every look is bounded (see {@link FUNCTION_REACH}).
 */

/** How far back the function around a `return` is looked for. */
export const FUNCTION_REACH = 3000;
const CONTROL = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'else', 'try', 'finally', 'do']);

/** What makes a `return` at `pos` a response, for messages; undefined when it is not one. */
export function handlerReturn(
  text: string,
  pos: number,
  file: FileContext | undefined,
  useServer: boolean,
): string | undefined {
  return pythonRoute(text, pos) ?? handlerOf(text, pos, file, useServer);
}

/** A function around a position: its name, parameters, the text just before its head, where its body starts. */
interface Enclosing {
  name: string;
  params: string;
  before: string;
  bodyStart: number;
  /** Names of the object literals around the function (`actions` in `actions = { default() {…} }`). */
  objects: string[];
  /** No other function encloses it within reach. */
  topLevel: boolean;
}

/** How many blocks around a `return` are looked at. */
const MAX_BLOCKS = 12;

/**
 * The innermost function whose body holds `pos`, found by walking back over braces (at most
 * {@link FUNCTION_REACH} characters and {@link MAX_BLOCKS} blocks; braces in strings are not told
 * apart, which can only lose a finding).
 */
function enclosingFunction(text: string, pos: number): Enclosing | undefined {
  const floor = Math.max(0, pos - FUNCTION_REACH);
  let found: Enclosing | undefined;
  let depth = 0;
  let blocks = 0;
  for (let i = pos - 1; i >= floor && blocks < MAX_BLOCKS; i--) {
    const c = text[i];
    if (c === '}') depth++;
    else if (c === '{' && depth > 0) depth--;
    else if (c === '{') {
      blocks++;
      const head = text.slice(Math.max(floor, i - 200), i).trimEnd();
      const fn = functionHead(head);
      if (fn && found) {
        found.topLevel = false;
        return found;
      }
      if (fn) found = { ...fn, bodyStart: i + 1, objects: [], topLevel: true };
      else if (found) {
        const obj = /([A-Za-z_$][\w$]{0,60})\s{0,5}[=:]$/.exec(head.slice(-70));
        if (obj?.[1]) found.objects.push(obj[1]);
      }
    }
  }
  return found;
}

/** The index of the `(` that the `)` at `close` closes, looking back at most 200 characters; -1 if none. */
function openParen(s: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= Math.max(0, close - 200); i--) {
    if (s[i] === ')') depth++;
    else if (s[i] === '(' && --depth === 0) return i;
  }
  return -1;
}

/** The identifier that ends `s` (after trailing white space), and what comes before it. */
function trailingName(s: string): { name: string; before: string } {
  const t = s.trimEnd();
  let i = t.length;
  while (i > 0 && /[\w$]/.test(t[i - 1] ?? '') && t.length - i < 80) i--;
  return { name: t.slice(i), before: t.slice(0, i).trimEnd() };
}

/** The function a block's head (the text before its `{`) starts, or undefined for control blocks and objects. */
function functionHead(head: string): Omit<Enclosing, 'objects' | 'topLevel' | 'bodyStart'> | undefined {
  if (head.endsWith('=>')) {
    const h = head.slice(0, -2).trimEnd();
    let params: string;
    let rest: string;
    if (h.endsWith(')')) {
      const open = openParen(h, h.length - 1);
      if (open < 0) return undefined;
      params = h.slice(open + 1, -1);
      rest = h.slice(0, open);
    } else ({ name: params, before: rest } = trailingName(h));
    const before = rest.replace(/\basync\s{0,5}$/, '').trimEnd();
    // `const load: PageServerLoad = async (…) =>` or `load: async (…) =>`.
    const named = /([A-Za-z_$][\w$]{0,60})\s{0,5}(?::\s{0,5}[\w$.<>, ]{1,80})?\s{0,5}[=:]$/.exec(before.slice(-160));
    return { name: named?.[1] ?? '', params, before };
  }
  // A return type between `)` and `{`: `function load(event): Promise<Data> {`.
  const close = head.lastIndexOf(')');
  if (close < 0 || close < head.length - 100 || !/^\s*(?::[^=;{}()]*)?$/.test(head.slice(close + 1))) return undefined;
  const open = openParen(head, close);
  if (open < 0) return undefined;
  const { name, before } = trailingName(head.slice(0, open));
  if (!name || CONTROL.has(name)) return undefined;
  const isFunction =
    /\bfunction\s{0,5}\*?$/.test(before) ||
    /(?:^|[;{},*]|\basync|\bstatic|\bexport|\bpublic|\bprivate|\bprotected)$/.test(before) ||
    /@\w{1,30}\s{0,5}\([^()]{0,100}\)$/.test(before);
  return isFunction ? { name, params: head.slice(open + 1, close), before } : undefined;
}

/** A NestJS route decorator (and any others) right before a method. */
const NEST_ROUTE = new RegExp(
  String.raw`@(?:Get|Post|Put|Patch|Delete|All)\s{0,5}\([^()]{0,100}\)\s{0,20}` +
    String.raw`(?:@\w{1,30}\([^()]{0,100}\)\s{0,20}){0,5}(?:async)?$`,
);

/** Whether a return in this function answers a request or becomes page data, and how, for messages. */
function handlerOf(text: string, pos: number, file: FileContext | undefined, useServer: boolean): string | undefined {
  const fn = enclosingFunction(text, pos);
  if (!fn) return undefined;
  const path = file?.path ?? '';
  if (/(?:define\w{0,20}EventHandler|eventHandler)\s{0,5}\(\s{0,5}(?:async\s{0,5})?$/.test(fn.before)) {
    return "a Nuxt event handler's return";
  }
  if (/(?:^|[\s,(])reply\b/.test(fn.params)) return "a Fastify handler's return";
  if (NEST_ROUTE.test(fn.before)) return "a NestJS route's return";
  if (/\.(?:query|mutation)\s{0,5}\(\s{0,5}$/.test(fn.before)) return "a tRPC procedure's return";
  if (leadingDirectives(text.slice(fn.bodyStart, fn.bodyStart + 300)).includes('use server')) {
    return "a server action's return ('use server')";
  }
  const svelteServer = !file || /\+(?:page|layout)\.server\.[cm]?[jt]s$/.test(path);
  if (svelteServer && (fn.name === 'load' || fn.objects.includes('actions'))) {
    return `SvelteKit's ${fn.name === 'load' ? 'load' : 'form action'} return (page data)`;
  }
  if (/^(?:getServerSideProps|getStaticProps)$/.test(fn.name)) return `${fn.name}'s props`;
  if (/^(?:loader|action)$/.test(fn.name) && (!file || /(?:^|\/)app\/routes\//.test(path))) {
    return `a Remix ${fn.name}'s return`;
  }
  if (useServer && fn.topLevel) return "a server action's return ('use server')";
  return undefined;
}

/** A Python return inside a route function (`@app.post(…)`, `@router.get(…)`, `@bp.route(…)`). */
function pythonRoute(text: string, pos: number): string | undefined {
  const floor = Math.max(0, pos - FUNCTION_REACH);
  const lines = text.slice(floor, pos).split('\n');
  const indent = (lines.at(-1) ?? '').length;
  for (let i = lines.length - 2; i >= 0; i--) {
    const def = /^(\s*)(?:async\s+)?def\s/.exec(lines[i] ?? '');
    if (!def || (def[1] ?? '').length >= indent) continue;
    for (let j = i - 1; j >= Math.max(0, i - 8); j--) {
      const line = lines[j] ?? '';
      if (/^\s*@\w+(?:\.\w+)*\.(?:route|get|post|put|patch|delete|api_route)\s*\(/.test(line)) {
        return "a route's return";
      }
      if (!/^\s*(?:@|#|$)/.test(line)) break;
    }
    return undefined;
  }
  return undefined;
}
