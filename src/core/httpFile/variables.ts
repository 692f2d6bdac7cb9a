// `{{…}}` substitution for `.http` files: file variables (which may use other variables), and the few
// system variables that read nothing from the machine. Everything else is left as written and
// reported; nothing here evaluates code, reads the environment or a file.
import { randomInt as cryptoRandomInt, randomUUID } from 'node:crypto';
import { clip } from '../errors';
import { words } from './lines';
import type { HttpFileProblem, HttpFileUnsupported } from './types';

/** How deep variables may refer to variables (`{{a}}` → `{{b}}` → …). */
export const MAX_VARIABLE_DEPTH = 10;
/** What variables may add to one request, in characters (and {@link REFERENCE_COST} per `{{…}}`). */
export const MAX_EXPANSION_PER_REQUEST = 1024 * 1024;
/** The same for the whole file. */
export const MAX_EXPANSION_PER_FILE = 16 * 1024 * 1024;
/** What one resolved reference costs, so that variables expanding to nothing stay bounded too. */
const REFERENCE_COST = 16;

/** Clock and randomness for the system variables; the defaults read the real ones. */
export interface SystemVariableSources {
  /** Now, in milliseconds since 1970 (`$timestamp`, `$isoTimestamp`, `$datetime`). */
  now?: () => number;
  /** A random UUID (`$guid`, `$uuid`, `$random.uuid`). */
  uuid?: () => string;
  /** A random integer in [min, max) (`$randomInt`). */
  randomInt?: (min: number, max: number) => number;
}

/** A file variable: its value as written (escapes read) and the line it is defined on. */
export interface FileVariable {
  value: string;
  line: number;
}

/** Where an expansion reports; it keeps each problem and unsupported construct once. */
export interface ExpansionReport {
  problem(p: HttpFileProblem): void;
  unsupported(u: HttpFileUnsupported): void;
}

/** Characters (and references) variables may still produce; shared by the requests of one file. */
export interface ExpansionBudget {
  left: number;
}

class OverBudget extends Error {}

const NEVER_EVALUATED: Record<string, string> = {
  $processEnv: 'reads an environment variable',
  $dotenv: 'reads a .env file',
  $shell: 'runs a shell command',
  $aadToken: 'signs in to Azure AD',
  $aadV2Token: 'signs in to Azure AD',
  $oidcAccessToken: 'signs in with OpenID Connect',
  $localDatetime: 'reads the local time zone',
  $prompt: 'asks for input',
};

const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const UNIT_MONTHS: Record<string, number> = { y: 12, Q: 3, M: 1 };

const isIntegerWord = (s: string | undefined): boolean => s !== undefined && /^-?\d{1,15}$/.test(s);

/**
 * Substitutes `{{…}}` in the text of one request. File variables may refer to others up to
 * {@link MAX_VARIABLE_DEPTH} deep; a cycle, a deeper chain, an undefined name or a request that would
 * grow past its budget is reported as a problem and left as written. Never throws.
 */
export class Expander {
  private readonly request: ExpansionBudget = { left: MAX_EXPANSION_PER_REQUEST };

  constructor(
    private readonly vars: ReadonlyMap<string, FileVariable>,
    private readonly requestNames: ReadonlySet<string>,
    private readonly file: ExpansionBudget,
    private readonly report: ExpansionReport,
    private readonly sources: SystemVariableSources = {},
  ) {}

  /** `text` (one line, on 1-based `line`) with its `{{…}}` substituted where this tool can. */
  expand(text: string, line: number): string {
    if (!text.includes('{{')) return text;
    try {
      return this.expandText(text, line, 0, []);
    } catch (e) {
      if (!(e instanceof OverBudget)) throw e;
      this.report.problem({ line, message: `${e.message}; left as written` });
      return text;
    }
  }

  private charge(n: number): void {
    this.request.left -= n;
    this.file.left -= n;
    if (this.request.left < 0) throw new OverBudget('Variables here expand to more than 1 MB for this request');
    if (this.file.left < 0) throw new OverBudget('Variables expand to more than 16 MB in this file');
  }

  // Each `{{` and `}}` is looked for once from where the last reference ended, and the inner `{{` of
  // `{{{{x}}` is found backwards from the `}}`: one pass over the text, whatever it holds. Inside a
  // variable's value (depth > 0) the text copied is charged: every character variables add is charged
  // once, where it is written, before the strings holding it grow further.
  private expandText(text: string, line: number, depth: number, stack: string[]): string {
    const literal = (s: string) => {
      if (depth > 0) this.charge(s.length);
      return s;
    };
    let out = '';
    let pos = 0;
    for (;;) {
      let open = text.indexOf('{{', pos);
      if (open < 0) break;
      const close = text.indexOf('}}', open + 2);
      if (close < 0) break;
      open = text.lastIndexOf('{{', close - 2);
      out += literal(text.slice(pos, open));
      out += this.resolve(text.slice(open + 2, close), line, depth, stack);
      pos = close + 2;
    }
    return out + literal(text.slice(pos));
  }

  private resolve(inner: string, line: number, depth: number, stack: string[]): string {
    const asWritten = `{{${inner}}}`;
    // Inside a value, a reference costs something even when it stays as written (the text of the
    // file bounds the references outside values).
    if (depth > 0) this.charge(REFERENCE_COST);
    const kept = () => {
      if (depth > 0) this.charge(asWritten.length);
      return asWritten;
    };
    const t = inner.trim();
    if (t.startsWith('$')) return this.system(t, asWritten, line, kept);
    const encode = t.startsWith('%') && (this.vars.has(t.slice(1)) || isPlainName(t.slice(1)));
    const name = encode ? t.slice(1) : t;
    const v = this.vars.get(name);
    const dot = name.indexOf('.');
    if (!v && dot > 0 && this.requestNames.has(name.slice(0, dot))) {
      const message = `${clip(asWritten, 80)} refers to another request's response, which is not supported`;
      this.report.problem({ line, message });
      return kept();
    }
    if (!v) {
      if (isPlainName(name)) {
        this.report.problem({ line, message: `${clip(asWritten, 80)} is not defined; left as written` });
      } else {
        this.report.unsupported({ line, what: `a JavaScript expression (not run): ${clip(asWritten, 80)}` });
      }
      return kept();
    }
    if (stack.includes(name)) {
      const chain = [...stack.slice(stack.indexOf(name)), name].join(' → ');
      this.report.problem({ line, message: `The variable ${clip(name, 40)} refers to itself (${clip(chain, 120)})` });
      return kept();
    }
    if (depth >= MAX_VARIABLE_DEPTH) {
      const message = `Variables nest more than ${MAX_VARIABLE_DEPTH} deep at ${clip(asWritten, 60)}; left as written`;
      this.report.problem({ line, message });
      return kept();
    }
    const value = this.expandText(v.value, v.line, depth + 1, [...stack, name]);
    if (!encode) return value;
    try {
      return encodeURIComponent(value);
    } catch {
      // A lone surrogate has no UTF-8 form.
      this.report.problem({ line, message: `${clip(asWritten, 80)} is not valid Unicode to encode; left as written` });
      return kept();
    }
  }

  private system(t: string, asWritten: string, line: number, kept: () => string): string {
    const value = this.systemValue(t, asWritten, line);
    if (value === asWritten) return kept();
    this.charge(value.length);
    return value;
  }

  private systemValue(t: string, asWritten: string, line: number): string {
    const [name = '', ...args] = words(t);
    const bad = (usage: string) => {
      this.report.problem({ line, message: `${clip(asWritten, 80)}: expected ${usage}; left as written` });
      return asWritten;
    };
    const now = () => this.sources.now?.() ?? Date.now();
    switch (name) {
      case '$guid':
      case '$uuid':
      case '$random.uuid':
        return args.length > 0 ? bad(`${name} alone`) : (this.sources.uuid ?? randomUUID)();
      case '$isoTimestamp':
        return args.length > 0 ? bad(`${name} alone`) : new Date(now()).toISOString();
      case '$timestamp': {
        const at = args.length === 0 ? now() : offsetFrom(now(), args);
        return at === undefined ? bad('{{$timestamp}} or {{$timestamp -1 d}}') : String(Math.floor(at / 1000));
      }
      case '$datetime': {
        const [format, ...offset] = args;
        if (format !== 'rfc1123' && format !== 'iso8601') break;
        const at = offset.length === 0 ? now() : offsetFrom(now(), offset);
        if (at === undefined) return bad('{{$datetime iso8601}} or {{$datetime rfc1123 1 h}}');
        return format === 'iso8601' ? new Date(at).toISOString() : new Date(at).toUTCString();
      }
      case '$randomInt':
        return this.randomInt(args) ?? bad('{{$randomInt}} or {{$randomInt min max}} with integers, min < max');
    }
    const why = NEVER_EVALUATED[name] ?? 'a system variable this tool does not evaluate';
    this.report.unsupported({ line, what: `${why} (not evaluated): ${clip(asWritten, 80)}` });
    return asWritten;
  }

  private randomInt(args: string[]): string | undefined {
    const [min, max] = args.length === 0 ? [0, 1000] : args.map(Number);
    if (args.length !== 0 && (args.length !== 2 || !args.every(isIntegerWord))) return undefined;
    if (min === undefined || max === undefined || !(min < max) || max - min > 2 ** 47) return undefined;
    return String((this.sources.randomInt ?? cryptoRandomInt)(min, max));
  }
}

/** `at` moved by `[amount, unit]` (`-1 d`, `2 M`), or undefined when the words are not an offset. */
function offsetFrom(at: number, [amount, unit, ...rest]: string[]): number | undefined {
  if (!isIntegerWord(amount) || unit === undefined || rest.length > 0) return undefined;
  const n = Number(amount);
  const ms = UNIT_MS[unit];
  const months = UNIT_MONTHS[unit];
  let moved: number;
  if (ms !== undefined) moved = at + n * ms;
  else if (months !== undefined && Math.abs(n) <= 1_000_000) {
    const d = new Date(at);
    moved = d.setUTCMonth(d.getUTCMonth() + n * months);
  } else return undefined;
  // Beyond what a Date can hold (±8.64e15 ms), toISOString() would throw.
  return Math.abs(moved) <= 8.64e15 ? moved : undefined;
}

/** A variable name as REST Client and httpYac write it: letters, digits, `_`, `-`, `.` (not first). */
function isPlainName(s: string): boolean {
  if (s === '' || s[0] === '.' || s[0] === '-') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
    if (!ok) return false;
  }
  return true;
}
