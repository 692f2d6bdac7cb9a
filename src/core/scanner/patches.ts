// The lines each commit added, read from `git log -p -U0` as bytes: only headers, paths and hunk
// headers are decoded; added lines are copied into the patch's bytes, which the scanner's prefilter
// reads as they are (most patches hold no rule's anchor and are never decoded).

/** Starts a commit's header line: `<mark>sha<field>author<field>date`. */
export const COMMIT_MARK = '\x1e';
export const FIELD = '\x1f';
/** `@@ -a,b +c,d @@`, or a combined diff's `@@@ -a,b -c,d +e,f @@@` (one `@` more per parent beyond one). */
const HUNK = /^(@@+) (?:-\d+(?:,\d+)? )+\+(\d+)(?:,\d+)? @@+/;

/** The lines one commit added to one file, with the line number each has in that commit's version. */
export interface Patch {
  commit: string;
  author: string;
  date: string;
  path: string;
  /** The added lines, joined with `\n`, as git printed them (UTF-8 as a rule, but any bytes). */
  bytes: Buffer;
  lines: number[];
  truncated: boolean;
}

/** Undoes git's C-style quoting of unusual paths (`"b/caf\303\251.txt"`). */
export function unquoteGitPath(p: string): string {
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  const bytes: number[] = [];
  const body = p.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** How far past the cap a line is kept: enough for any header line, and to know a line is over the cap. */
const CARRY_SLACK = 64 * 1024;
const PLUS = 0x2b;
const MINUS = 0x2d;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const CR = 0x0d;

/** Whether `buf[at…]` begins with the ASCII `prefix`. */
function startsWith(buf: Buffer, at: number, end: number, prefix: string): boolean {
  if (end - at < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (buf[at + k] !== prefix.charCodeAt(k)) return false;
  return true;
}

/**
 * Turns the lines of `git log -p -U0 --format=<mark>%H<sep>%an<sep>%aI` into patches of added
 * lines: one per commit and file. Feed bytes in order (`write`, any chunking), or lines (`line`);
 * `end()` flushes the last patch. Lines end at `\n` only (a `\r` before it is dropped): a lone `\r`
 * is part of its line, as git means it, so nothing after it escapes the scan.
 */
export class PatchParser {
  private commit = { sha: '', author: '', date: '' };
  private current: Omit<Patch, 'bytes'> | undefined;
  /** The current patch's bytes so far (reused from patch to patch). */
  private body = Buffer.allocUnsafe(64 * 1024);
  private bodyLength = 0;
  private inHunk = false;
  private nextLine = 0;
  /** Prefix columns of hunk lines: 1, or one per parent in a merge's combined diff. */
  private columns = 1;
  /** A line that began in an earlier chunk, and its length (kept up to the cap and a little more). */
  private carry: Buffer[] = [];
  private carried = 0;

  constructor(
    private readonly onPatch: (p: Patch) => void,
    /** Added bytes of one file in one commit beyond this are not kept (the patch says `truncated`). */
    private readonly maxBytes: number,
    /** Each commit's sha, in git's order, as its header is read (before its patches). */
    private readonly onCommit?: (sha: string) => void,
  ) {}

  /** Feeds a chunk of git's output. */
  write(chunk: Buffer): void {
    let from = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl >= 0; nl = chunk.indexOf(NEWLINE, from)) {
      if (this.carry.length) {
        if (this.carried < this.maxBytes + CARRY_SLACK)
          this.carry.push(chunk.subarray(from, Math.min(nl, from + this.maxBytes + CARRY_SLACK - this.carried)));
        const joined = Buffer.concat(this.carry);
        this.carry = [];
        this.carried = 0;
        this.lineBytes(joined, 0, joined.length);
      } else this.lineBytes(chunk, from, nl);
      from = nl + 1;
    }
    // The rest is the start of a line the next chunk ends: copied, as the chunk may be reused. Past
    // the cap a line cannot be kept whole anyway: its start is enough to mark the patch truncated.
    if (from < chunk.length && this.carried < this.maxBytes + CARRY_SLACK) {
      const part = chunk.subarray(from, from + this.maxBytes + CARRY_SLACK - this.carried);
      this.carry.push(Buffer.from(part));
      this.carried += part.length;
    }
  }

  /** Feeds one line (without its end). */
  line(l: string): void {
    const b = Buffer.from(l, 'utf8');
    this.lineBytes(b, 0, b.length, true);
  }

  /** Flushes the last line and patch. */
  end(): void {
    if (this.carry.length) {
      const joined = Buffer.concat(this.carry);
      this.carry = [];
      this.carried = 0;
      this.lineBytes(joined, 0, joined.length);
    }
    this.flush();
  }

  /** How many commits' headers were read. */
  commits = 0;

  private lineBytes(buf: Buffer, at: number, end: number, whole = false): void {
    if (!whole && end > at && buf[end - 1] === CR) end--;
    const first = buf[at];
    if (first === 0x1e) {
      this.flush();
      this.commits++;
      const [sha = '', author = '', date = ''] = buf.toString('utf8', at + 1, end).split(FIELD);
      this.commit = { sha, author, date };
      this.onCommit?.(sha);
    } else if (
      first === 0x64 /* d */ &&
      (startsWith(buf, at, end, 'diff --git ') ||
        startsWith(buf, at, end, 'diff --cc ') ||
        startsWith(buf, at, end, 'diff --combined '))
    ) {
      this.flush();
    } else if (!this.inHunk && startsWith(buf, at, end, '+++ ')) {
      // git ends the line with a tab when the name holds a space (for `patch` and GNU diff).
      const target = unquoteGitPath(buf.toString('utf8', at + 4, end).replace(/\t$/, ''));
      if (target !== '/dev/null') {
        const { sha, author, date } = this.commit;
        this.current = { commit: sha, author, date, path: target.replace(/^b\//, ''), lines: [], truncated: false };
        this.bodyLength = 0;
      }
    } else if (startsWith(buf, at, end, '@@')) {
      // The header's numbers, one `-a,b` per parent (an octopus merge has many), then `+c,d` and the
      // closing @s: read up to there, not a fixed length (a function's name may follow, any length).
      let ats = 0;
      while (buf[at + ats] === 0x40) ats++;
      const m = HUNK.exec(buf.toString('latin1', at, Math.min(end, at + 64 + 48 * ats)));
      this.inHunk = m !== null;
      this.columns = m ? (m[1] ?? '@@').length - 1 : 1;
      this.nextLine = m ? Number(m[2]) : 0;
    } else if (this.inHunk) {
      this.hunkLine(buf, at, end);
    }
  }

  /**
   * A line of a hunk. Its prefix has one column per parent: '-' in any column means it is not in the
   * new version; '+' in every column means this commit added it (in a merge: written by the merge
   * itself, not brought from a parent, whose own commits are scanned anyway).
   */
  private hunkLine(buf: Buffer, at: number, end: number): void {
    if (end - at < this.columns || buf[at] === BACKSLASH) return;
    let added = true;
    for (let k = 0; k < this.columns; k++) {
      const c = buf[at + k];
      if (c === MINUS) return;
      if (c !== PLUS) added = false;
    }
    if (added) this.added(buf, at + this.columns, end);
    else this.nextLine++;
  }

  private added(buf: Buffer, from: number, to: number): void {
    const p = this.current;
    const n = this.nextLine++;
    if (!p || p.truncated) return;
    const sep = p.lines.length ? 1 : 0;
    const need = this.bodyLength + sep + (to - from);
    if (need > this.maxBytes) {
      p.truncated = true;
      return;
    }
    if (need > this.body.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.body.length * 2));
      this.body.copy(bigger, 0, 0, this.bodyLength);
      this.body = bigger;
    }
    if (sep) this.body[this.bodyLength++] = NEWLINE;
    this.bodyLength += buf.copy(this.body, this.bodyLength, from, to);
    p.lines.push(n);
  }

  private flush(): void {
    const p = this.current;
    // A patch whose first added line was already over the cap is reported too (truncated, empty).
    if (p && (p.lines.length || p.truncated))
      this.onPatch({ ...p, bytes: Buffer.from(this.body.subarray(0, this.bodyLength)) });
    this.current = undefined;
    this.bodyLength = 0;
    this.inHunk = false;
  }
}
