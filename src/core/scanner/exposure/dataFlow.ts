import { type Budget, readArguments } from './codeText';

/**
 * Whether a value that server code sends is the whole body of one particular API response (such as
 * HelcimPay.js's initialize response): followed back through at most a few assignments
 * (`const data = await r.json()`, `r = await fetch(…)`), each looked for within a bounded window
 * before its use, to an HTTP request whose URL is the endpoint's (or, when the URL sits in a
 * constant, with no other request between that constant and the call).
 */

/** An HTTP request in the usual clients of JS, Python, PHP, Go and Ruby. */
const HTTP_CALL = new RegExp(
  '(?<![\\w$])(?:fetch|\\$fetch|ofetch|useFetch|axios(?:\\.\\w{1,10})?|got(?:\\.\\w{1,10})?|ky(?:\\.\\w{1,10})?|' +
    'needle|superagent\\.\\w{1,10}|requests\\.\\w{1,10}|httpx\\.\\w{1,10}|' +
    '\\w{0,20}[cC]lient\\.(?:Do|get|post|put|request)|' +
    'http\\.(?:Get|Post|NewRequest\\w{0,20})|Http::\\w{1,20}|curl_exec|wp_(?:safe_)?remote_\\w{1,10}|' +
    '\\$\\w{0,20}[cC]lient\\s{0,5}->\\s{0,5}(?:request|post|get|put)|HTTParty\\.\\w{1,10}|Net::HTTP\\.\\w{1,10}|' +
    'Faraday\\.\\w{1,10}|RestClient\\.\\w{1,10}|\\$http\\.\\w{1,10})\\s{0,5}\\(',
  'g',
);
const HTTP_CALL_AT = new RegExp(HTTP_CALL.source);
/** How far back an assignment is looked for, and how far a URL constant may be from its request. */
const ASSIGNMENT_REACH = 4000;
const CONSTANT_REACH = 20000;
/** What follows a response object to give its body. */
const NAME = String.raw`(\$?[A-Za-z_][\w$]{0,60})`;
const AWAIT = String.raw`(?:await\s{1,5})?`;
const BODY_OF = [
  new RegExp(String.raw`^${AWAIT}\(?\s{0,5}${AWAIT}${NAME}\s{0,5}(?:\.|->)\s{0,5}(?:json|text)\s{0,5}\(\s{0,5}\)`),
  new RegExp(String.raw`^${NAME}\s{0,5}(?:\.|->)\s{0,5}(?:data|body|text|content)\b(?!\s{0,5}\()`),
  new RegExp(
    String.raw`^(?:JSON\.parse|json_decode|json\.loads)\s{0,5}\(\s{0,5}${AWAIT}` +
      String.raw`(?:wp_remote_retrieve_body\s{0,5}\(\s{0,5})?${NAME}`,
  ),
  /^json\.NewDecoder\s{0,5}\(\s{0,5}(\w{1,60})\.Body\b/,
  /^(?:io|ioutil)\.ReadAll\s{0,5}\(\s{0,5}(\w{1,60})\.Body\b/,
];
const NAMED_CALL = /^(?:await\s{1,5})?(?:[\w$]{1,60}(?:\.|->))?([\w$]{1,60})\s{0,5}\(/;
/** A request's first argument written as a literal (`'https://…'`, `` `${base}/account` ``, Python's `f"…"`). */
const WRITTEN_URL = /^\s{0,5}(?:[fFrRbBuU]{1,2})?["'`]/;

/** The endpoint a {@link ResponseFlow} follows responses of. */
export interface Endpoint {
  /** Where the endpoint is named (`helcim-pay/initialize`, not an app's own `/api/helcim-pay/initialize`); global. */
  mention: RegExp;
  /** Functions whose result is taken for the endpoint's response (`initializeHelcimPay`). */
  producer: RegExp;
}

/** A value assigned: where the assignment ends, and the expression assigned (to its statement's end). */
interface Assigned {
  at: number;
  rhs: string;
  /** `const { data } = …`: the value is the `data` (axios) or `body` of what the expression gives. */
  destructured?: boolean;
}

/** An assignment to a name: `x = …`, `const x: T = …`, Go's `x, err := …`; `{ … } = …`; Go's `Decode(&x)`. */
const ASSIGNMENT = new RegExp(
  String.raw`(?<![\w$.])(\$?[A-Za-z_][\w$]{0,60})[ \t]{0,5}(?::[ \t]{0,5}[\w$.<>\[\]|, ]{1,60}[ \t]{0,5})?` +
    String.raw`(?:,[ \t]{0,5}\w{1,30}[ \t]{0,5})?:?=(?![=>])` +
    String.raw`|\{([^{}]{0,200})\}\s{0,5}(?::[^=]{0,60})?=(?![=>])` +
    String.raw`|(?:Decode|Unmarshal)\s{0,5}\(([^()&]{0,100})&(\w{1,60})\s{0,5}\)`,
  'g',
);
const DECODER = /NewDecoder\s{0,5}\(\s{0,5}(\w{1,60})\.Body\s{0,5}\)\s{0,5}\.\s{0,5}$/;

/**
 * How `{ … }` binds `name`: 'whole' for `{ data }` / `{ data: name }` (the response's body),
 * 'part' for any other binding of it (a property, or `...name`, the rest), 'none' when it does not.
 */
function destructured(pattern: string, name: string): 'whole' | 'part' | 'none' {
  for (const item of pattern.split(',')) {
    const [key = '', alias] = item.split(':').map((x) => (x.includes('=') ? x.slice(0, x.indexOf('=')) : x).trim());
    const bound = alias ?? key;
    if (bound.replace(/^\.\.\./, '') !== name) continue;
    if (bound.startsWith('...')) return 'part';
    return /^(?:data|body)$/.test(key) ? 'whole' : 'part';
  }
  return 'none';
}

export class ResponseFlow {
  private http?: number[];
  private readonly mentions: number[] = [];
  private readonly producer: RegExp;

  constructor(
    private readonly text: string,
    endpoint: Endpoint,
    private readonly budget: Budget,
  ) {
    this.producer = endpoint.producer;
    for (const m of text.matchAll(endpoint.mention)) this.mentions.push(m.index);
  }

  /** Whether the text names the endpoint at all: without it, nothing is the endpoint's response. */
  get named(): boolean {
    return this.mentions.length > 0;
  }

  /**
   * Whether `expr` (an identifier, `x.data`, `await x.json()`, `$data`), sent at `at`, holds the
   * endpoint's whole response body, and no line between takes the secret out (`delete data.x`).
   */
  holdsResponse(expr: string, at: number, dropped: (code: string) => boolean): boolean {
    if (!this.named || !this.budget.spend(3 * ASSIGNMENT_REACH)) return false;
    const e = expr.replace(/^\.\.\.|^\*\*/, '').trim();
    for (const re of BODY_OF) {
      const m = re.exec(e);
      if (m?.[1] && m[0].length === e.length) return this.isRequest(m[1], at, 0);
    }
    if (!/^\$?[A-Za-z_][\w$]{0,60}$/.test(e)) return false;
    const a = this.assignment(e, at);
    if (!a) return false;
    if (dropped(this.text.slice(a.at, at))) return false;
    return this.valueIsBody(a, 0);
  }

  /** Whether the assigned value is a response body of the endpoint. */
  private valueIsBody(a: Assigned, hops: number): boolean {
    if (hops > 3) return false;
    const rhs = a.rhs.trimStart();
    const offset = a.at + a.rhs.length - rhs.length;
    if (a.destructured) return this.isCall(rhs, offset);
    for (const re of BODY_OF) {
      const m = re.exec(rhs);
      if (m?.[1]) return this.isRequest(m[1], a.at, hops + 1);
    }
    const alias = /^(\$?[A-Za-z_][\w$]{0,60})\s{0,5}(?:;|\n|$)/.exec(rhs);
    if (alias?.[1]) {
      const next = this.assignment(alias[1], a.at);
      return next ? this.valueIsBody(next, hops + 1) : false;
    }
    return this.isCall(rhs, offset);
  }

  /** Whether `name`, used at `at`, was assigned the endpoint's response (or its body). */
  private isRequest(name: string, at: number, hops: number): boolean {
    const a = this.assignment(name, at);
    if (!a || hops > 3) return false;
    const rhs = a.rhs.trimStart();
    const offset = a.at + a.rhs.length - rhs.length;
    return this.isCall(rhs, offset) || this.valueIsBody(a, hops + 1);
  }

  /** Whether the expression at `offset` is a request to the endpoint, or a call of a function named for it. */
  private isCall(rhs: string, offset: number): boolean {
    const head = rhs.slice(0, 40);
    const http = HTTP_CALL_AT.exec(head);
    const named = NAMED_CALL.exec(head);
    const isHttp = http !== null && /^(?:await\s{1,5}|\(\s{0,5}await\s{1,5})?$/.test(head.slice(0, http.index));
    if (!isHttp && !(named?.[1] && this.producer.test(named[1]))) return false;
    const args = rhs.slice(0, 600);
    if (this.mentions.some((m) => m >= offset && m < offset + args.length)) return true;
    // A URL written here (a string or template literal) that does not name the endpoint: another request.
    if (http && isHttp && WRITTEN_URL.test(head.slice(http.index + http[0].length))) return false;
    // Otherwise the URL is somewhere else (a constant): no other request between it and this call.
    const before = this.mentions.filter((m) => m < offset).at(-1);
    if (before === undefined || offset - before > CONSTANT_REACH) return false;
    return !this.requestsBetween(before, offset);
  }

  private requestsBetween(from: number, to: number): boolean {
    if (!this.http) {
      this.http = [];
      for (const m of this.text.matchAll(HTTP_CALL)) this.http.push(m.index);
    }
    let lo = 0;
    let hi = this.http.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.http[mid] ?? 0) <= from) lo = mid + 1;
      else hi = mid;
    }
    const next = this.http[lo];
    return next !== undefined && next < to;
  }

  /** The expression that starts at `at`, to its statement's end (at most 600 characters). */
  private statement(at: number): string {
    return this.text.slice(at, readArguments(this.text, at, 600, 'statement').end);
  }

  /**
   * The last assignment to `name` before `at` (within {@link ASSIGNMENT_REACH}): `name = …`,
   * `const name: T = …`, Go `name, err := …`, `const { data: name } = …`, Go `Decode(&name)`.
   */
  private assignment(name: string, at: number): Assigned | undefined {
    const floor = Math.max(0, at - ASSIGNMENT_REACH);
    const window = this.text.slice(floor, at);
    let last: Assigned | undefined;
    for (const m of window.matchAll(ASSIGNMENT)) {
      const end = floor + m.index + m[0].length;
      if (m[1] !== undefined) {
        if (m[1] === name) last = { at: end, rhs: this.statement(end) };
      } else if (m[2] !== undefined) {
        const binding = destructured(m[2], name);
        if (binding === 'none') continue;
        // `{ secretToken, ...rest } = data` leaves the secret out; only `data`/`body` is the whole body.
        last = binding === 'whole' ? { at: end, rhs: this.statement(end), destructured: true } : undefined;
      } else if (m[4] === name) {
        // `json.Unmarshal(body, &x)`, or `json.NewDecoder(resp.Body).Decode(&x)`: the body of what it reads.
        const decoder = DECODER.exec(window.slice(0, m.index));
        const source = decoder ?? /^\s{0,5}(\w{1,60})\s{0,5},/.exec(m[3] ?? '');
        last = source?.[1] ? { at: floor + m.index, rhs: `${source[1]}.body` } : undefined;
      }
    }
    return last;
  }
}

/** How far back, and through how many enclosing blocks, a failed request's branch is looked for. */
const BRANCH_REACH = 2000;
const BRANCH_LEVELS = 3;
/** A line that opens a block run when a request failed. */
const FAILURE_HEAD = new RegExp(
  [
    String.raw`!\s{0,3}\(?\s{0,3}[\w$.?]{1,80}\.ok\b`,
    String.raw`\.ok\s{0,3}={2,3}\s{0,3}(?:false|False)\b`,
    String.raw`\bnot\s{1,3}[\w.]{1,80}\.ok\b`,
    String.raw`status(?:_?code|Code)?\s{0,3}(?:!={1,2}|>=?)`,
    String.raw`\bcatch\b|\bexcept\b|\berr\s{0,3}!=\s{0,3}nil\b|->\s{0,3}failed\s{0,3}\(`,
  ].join('|'),
);

/**
 * Whether code at `pos` runs when a request failed: a line that opens one of the (at most three)
 * blocks around it, told by indentation within {@link BRANCH_REACH} characters, is `if (!r.ok)`,
 * `if not r.ok:`, a status check (`status !== 200`, `status_code >= 400`), `catch`, `except` or
 * `if err != nil`. What such a branch writes is a failure's body, which holds no secret.
 */
export function inFailureBranch(text: string, pos: number): boolean {
  const floor = Math.max(0, pos - BRANCH_REACH);
  let start = lineStartOf(text, pos, floor);
  let indent = indentOf(text, start, pos);
  for (let levels = 0; levels < BRANCH_LEVELS && start > floor;) {
    const end = start - 1;
    start = lineStartOf(text, end, floor);
    const line = text.slice(start, end);
    if (!/\S/.test(line)) continue;
    const n = indentOf(text, start, end);
    if (n >= indent) continue;
    if (FAILURE_HEAD.test(line)) return true;
    indent = n;
    levels++;
  }
  return false;
}

/** Where the line holding `pos` starts, or `floor` if that is further back. */
function lineStartOf(text: string, pos: number, floor: number): number {
  let i = pos;
  while (i > floor && text[i - 1] !== '\n') i--;
  return i;
}

/** How many spaces and tabs start the line at `start` (up to `end`). */
function indentOf(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i - start;
}
