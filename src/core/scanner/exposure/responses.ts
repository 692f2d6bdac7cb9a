import type { FileContext } from '../fileContext';
import { leadingDirectives } from './browserCode';
import { type Budget, type Span, readArguments, trimSpan } from './codeText';

/**
 * Where server code sends a value to the browser: a response call (`res.json(x)`, `NextResponse.json`,
 * Flask `jsonify`, Django `JsonResponse`, PHP `echo json_encode`, Laravel `response()->json`, Go
 * `c.JSON`, Rails `render json:`…) or a `return` whose value is the response or page data (a Nuxt
 * event handler, a Fastify handler, a SvelteKit `load` or form action, Next.js `getServerSideProps`,
 * a `'use server'` action, a Flask/FastAPI route).
 */
export interface SendSite {
  /** Where the call or `return` starts. */
  at: number;
  /** What sends, for messages: `res.json`, `jsonify`, `a Nuxt event handler's return`. */
  how: string;
  /** The value sent. */
  body: Span;
}

interface Sender {
  source: string;
  how: string;
  /** Which argument is the body: the first (default), the last (Go's `c.JSON(status, x)`), or all (`jsonify(a=1)`). */
  arg?: 'last' | 'all';
  /** The body runs to the statement's end (`render json: x`), not to a `)`. */
  statement?: boolean;
}

const SENDERS: Sender[] = [
  {
    source:
      String.raw`\b(?:res|resp|response|reply|ctx|context)(?:\.(?:status|code)\s{0,5}\([^()]{0,40}\))?` +
      String.raw`\.(?:json|send|jsonp)\s{0,5}\(`,
    how: 'res.json',
  },
  { source: String.raw`\bc\.(?:json|JSON|IndentedJSON|PureJSON|SecureJSON)\s{0,5}\(`, how: 'c.JSON', arg: 'last' },
  { source: String.raw`\b(?:Next)?Response\.json\s{0,5}\(`, how: 'Response.json' },
  { source: String.raw`\bnew\s{1,5}(?:Next)?Response\s{0,5}\(\s{0,5}JSON\.stringify\s{0,5}\(`, how: 'new Response' },
  { source: String.raw`\bres\.end\s{0,5}\(\s{0,5}JSON\.stringify\s{0,5}\(`, how: 'res.end' },
  { source: String.raw`(?<![\w$.>])json\s{0,5}\(`, how: 'json()' },
  { source: String.raw`\bjsonify\s{0,5}\(`, how: 'jsonify', arg: 'all' },
  { source: String.raw`\b(?:JsonResponse|JSONResponse|ORJSONResponse|UJSONResponse)\s{0,5}\(`, how: 'JsonResponse' },
  { source: String.raw`\breturn\s{1,5}Response\s{0,5}\(`, how: 'Response' },
  { source: String.raw`\b(?:echo|print|return|exit|die)\s{0,5}\(?\s{0,5}json_encode\s{0,5}\(`, how: 'json_encode' },
  {
    source: String.raw`\bresponse\(\s{0,5}\)\s{0,5}->\s{0,5}json\s{0,5}\(|\bResponse::json\s{0,5}\(`,
    how: 'response()->json',
  },
  { source: String.raw`\bwp_send_json(?:_success|_error)?\s{0,5}\(|->\s{0,5}withJson\s{0,5}\(`, how: 'wp_send_json' },
  { source: String.raw`\bjson\.NewEncoder\s{0,5}\(\s{0,5}\w{1,30}\s{0,5}\)\s{0,5}\.Encode\s{0,5}\(`, how: 'Encode' },
  { source: String.raw`\brender\s{0,5}\(?\s{0,5}json:\s{0,5}`, how: 'render json:', statement: true },
  {
    source: String.raw`\bResponseEntity\.(?:ok|status\s{0,5}\([^()]{0,40}\)\s{0,5}\.body)\s{0,5}\(`,
    how: 'ResponseEntity',
  },
  { source: String.raw`\bResults\.(?:Ok|Json)\s{0,5}\(`, how: 'Results.Ok' },
  { source: String.raw`\becho\s{1,5}(?=\$)`, how: 'echo', statement: true },
];
const SEND = new RegExp(SENDERS.map((s) => `(${s.source})`).join('|'), 'g');
const RETURN = /\breturn\b(?!\s{0,5}(?:res|reply|c|ctx|response|Response|NextResponse|json|new)\b)/g;

/** How far back the function around a `return` is looked for. */
const FUNCTION_REACH = 3000;
const CONTROL = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'else', 'try', 'finally', 'do']);

/** Where to look for send sites, and which of them are worth reading (a cheap test that spends no budget). */
export interface SiteScope {
  from: number;
  to: number;
  file?: FileContext;
  /** Whether the site at `pos` may send what the caller looks for (false for browser code, or nothing near). */
  worth: (pos: number) => boolean;
}

/**
 * The sending calls and response-making returns that start in [from, to) and are
 * {@link SiteScope.worth} reading. Returns an array (not a generator): the module's global patterns
 * are used from start to end within one call.
 */
export function sendSites(text: string, { from, to, file, worth }: SiteScope, budget: Budget): SendSite[] {
  const out: SendSite[] = [];
  SEND.lastIndex = from;
  for (let m = SEND.exec(text); m && m.index < to; m = SEND.exec(text)) {
    if (!worth(m.index) || !budget.spend(2000)) continue;
    const sender = SENDERS[m.slice(1).findIndex((g) => g !== undefined)];
    if (!sender) continue;
    const read = readArguments(text, m.index + m[0].length, 2000, sender.statement ? 'statement' : 'call');
    const first = read.args[0];
    const last = read.args.at(-1);
    const arg =
      sender.arg === 'all' && first && last
        ? { start: first.start, end: last.end }
        : sender.arg === 'last' && read.args.length > 1
          ? last
          : first;
    const body = arg && trimSpan(text, arg);
    if (body && body.end > body.start) out.push({ at: m.index, how: sender.how, body });
  }
  RETURN.lastIndex = from;
  const useServer = leadingDirectives(text).includes('use server');
  for (let m = RETURN.exec(text); m && m.index < to; m = RETURN.exec(text)) {
    if (!worth(m.index) || !budget.spend(FUNCTION_REACH + 2000)) continue;
    const how = pythonRoute(text, m.index) ?? handlerOf(text, m.index, file, useServer);
    if (!how) continue;
    const read = readArguments(text, m.index + m[0].length, 2000, 'statement');
    const body = read.args[0] && trimSpan(text, read.args[0]);
    if (body && body.end > body.start) out.push({ at: m.index, how, body });
  }
  return out;
}

/** A function around a position: its name, parameters, and the text just before its head. */
interface Enclosing {
  name: string;
  params: string;
  before: string;
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
      if (fn) found = { ...fn, objects: [], topLevel: true };
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
function functionHead(head: string): Omit<Enclosing, 'objects' | 'topLevel'> | undefined {
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
  const isFunction = /\bfunction\s{0,5}\*?$/.test(before) || /(?:^|[;{},*]|\basync|\bstatic|\bexport)$/.test(before);
  return isFunction ? { name, params: head.slice(open + 1, close), before } : undefined;
}

/** Whether a return in this function answers a request or becomes page data, and how, for messages. */
function handlerOf(text: string, pos: number, file: FileContext | undefined, useServer: boolean): string | undefined {
  const fn = enclosingFunction(text, pos);
  if (!fn) return undefined;
  const path = file?.path ?? '';
  if (/(?:define\w{0,20}EventHandler|eventHandler)\s{0,5}\(\s{0,5}(?:async\s{0,5})?$/.test(fn.before)) {
    return "a Nuxt event handler's return";
  }
  if (/(?:^|[\s,(])reply\b/.test(fn.params)) return "a Fastify handler's return";
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
