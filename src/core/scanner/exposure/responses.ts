import type { FileContext } from '../fileContext';
import { leadingDirectives } from './browserCode';
import { FUNCTION_REACH, handlerReturn } from './handlers';
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
  /** Given to a page template rather than sent as it is. */
  template?: boolean;
}

interface Sender {
  source: string;
  how: string;
  /** Which argument is the body: the first (default), the last (Go's `c.JSON(status, x)`), or all (`jsonify(a=1)`). */
  arg?: 'last' | 'all';
  /** The body runs to the statement's end (`render json: x`), not to a `)`. */
  statement?: boolean;
  /** The value goes to a page template (`res.render`), which prints it, or could. */
  template?: boolean;
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
  { source: String.raw`\bres\.(?:end|write)\s{0,5}\(\s{0,5}JSON\.stringify\s{0,5}\(`, how: 'res.end' },
  { source: String.raw`\bctx\.body\s{0,5}=(?!=)`, how: 'ctx.body', statement: true },
  { source: String.raw`\bh\.response\s{0,5}\(`, how: 'h.response' },
  // A page template gets the value: what it is given is rendered into the page, or could be.
  { source: String.raw`\b(?:res|response)\.render\s{0,5}\(`, how: 'res.render', arg: 'last', template: true },
  { source: String.raw`\brender_template\s{0,5}\(`, how: 'render_template', arg: 'all', template: true },
  { source: String.raw`\brender\s{0,5}\(\s{0,5}request\s{0,5},`, how: 'render', arg: 'last', template: true },
  { source: String.raw`\breturn\s{1,5}view\s{0,5}\(`, how: 'view', arg: 'last', template: true },
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
    if (body && body.end > body.start) out.push({ at: m.index, how: sender.how, body, template: sender.template });
  }
  RETURN.lastIndex = from;
  const useServer = leadingDirectives(text).includes('use server');
  for (let m = RETURN.exec(text); m && m.index < to; m = RETURN.exec(text)) {
    if (!worth(m.index) || !budget.spend(FUNCTION_REACH + 2000)) continue;
    const how = handlerReturn(text, m.index, file, useServer);
    if (!how) continue;
    const read = readArguments(text, m.index + m[0].length, 2000, 'statement');
    const body = read.args[0] && trimSpan(text, read.args[0]);
    if (body && body.end > body.start) out.push({ at: m.index, how, body });
  }
  return out;
}
