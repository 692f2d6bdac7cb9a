import fs from 'node:fs';
import path, { type PlatformPath } from 'node:path';
import { AppError, ErrorCodes, invalidInput } from '../errors';
import { parseBoundedJson } from '../jsonLimits';
import { slashRelative } from '../paths';
import { newSalt } from './fingerprint';

/** The baseline's file name, looked for at the top of the repository (or the folder scanned). */
export const BASELINE_FILE = '.payapi-baseline.json';

/** One accepted finding: rule, file (relative to the baseline, `/`-separated), salted hash of the secret. */
export interface BaselineEntry {
  ruleId: string;
  path: string;
  secretHash: string;
}

/**
 * Findings a team has accepted (test keys in fixtures, revoked keys in history). Holds no secret and
 * no part of one: a salted hash identifies each, so a moved line stays accepted and a new secret in
 * the same file does not.
 */
export interface Baseline {
  version: 1;
  salt: string;
  entries: BaselineEntry[];
}

const HEX32 = /^[0-9a-f]{32}$/;
const HINT = 'Write it again with `payapi baseline`, or fix the JSON by hand.';

/** Reads a baseline file's text; a malformed one is an error naming what is wrong (never silently empty). */
export function parseBaseline(text: string, name = BASELINE_FILE): Baseline {
  let raw: unknown;
  try {
    raw = parseBoundedJson(text, name);
  } catch (e) {
    throw invalidInput(`${name} is not valid JSON: ${(e as Error).message}`, HINT);
  }
  const o = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  if (!o) throw invalidInput(`${name} must hold a JSON object`, HINT);
  if (o.version !== 1)
    throw invalidInput(`${name} has version ${JSON.stringify(o.version)}; this payapi reads 1`, HINT);
  if (typeof o.salt !== 'string' || !HEX32.test(o.salt))
    throw invalidInput(`${name} has no valid "salt" (32 hexadecimal digits)`, HINT);
  if (!Array.isArray(o.entries)) throw invalidInput(`${name} has no "entries" list`, HINT);
  const entries = o.entries.map((e: unknown, i): BaselineEntry => {
    const r = e && typeof e === 'object' ? (e as Record<string, unknown>) : {};
    if (typeof r.ruleId !== 'string' || typeof r.path !== 'string' || typeof r.secretHash !== 'string')
      throw invalidInput(`${name}: entry ${i + 1} needs "ruleId", "path" and "secretHash" strings`, HINT);
    if (!HEX32.test(r.secretHash)) throw invalidInput(`${name}: entry ${i + 1} has a malformed "secretHash"`, HINT);
    return { ruleId: r.ruleId, path: r.path, secretHash: r.secretHash };
  });
  return { version: 1, salt: o.salt, entries };
}

const keyOf = (e: BaselineEntry) => `${e.ruleId}\0${e.path}\0${e.secretHash}`;

/** The file's text: entries sorted and unique, so that a rewrite without changes is byte-identical. */
export function serializeBaseline(b: Baseline): string {
  const unique = new Map(b.entries.map((e) => [keyOf(e), e]));
  const entries = [...unique.values()].sort(
    (x, y) =>
      x.path.localeCompare(y.path) || x.ruleId.localeCompare(y.ruleId) || x.secretHash.localeCompare(y.secretHash),
  );
  const doc = {
    version: 1,
    description:
      'Findings accepted by `payapi baseline`: rule, file and a salted one-way hash of each secret. ' +
      'No secret is stored.',
    salt: b.salt,
    entries: entries.map((e) => ({ ruleId: e.ruleId, path: e.path, secretHash: e.secretHash })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** An empty baseline with a fresh salt. */
export function emptyBaseline(): Baseline {
  return { version: 1, salt: newSalt(), entries: [] };
}

/**
 * A baseline path for entries: relative to the baseline's folder, `/`-separated, the same on every
 * system (`p` is for tests: `path.win32`).
 *
 * @example
 * baselinePath('C:\\repo', 'C:\\repo\\src\\a.ts', path.win32) // 'src/a.ts'
 */
export function baselinePath(baselineDir: string, file: string, p: PlatformPath = path): string {
  return slashRelative(baselineDir, p.resolve(file), p);
}

/** Answers "is this finding accepted?" for one baseline. */
export class BaselineIndex {
  private readonly keys: Set<string>;

  constructor(readonly baseline: Baseline) {
    this.keys = new Set(baseline.entries.map(keyOf));
  }

  get salt(): string {
    return this.baseline.salt;
  }

  has(e: BaselineEntry): boolean {
    return this.keys.has(keyOf(e));
  }
}

/** What rewriting a baseline did: entries added, kept and no longer found. */
export interface RebaselineResult {
  baseline: Baseline;
  added: number;
  kept: number;
  dropped: number;
}

/** A baseline of exactly `found` (keeping the old salt, so hashes stay comparable), with counts against the old one. */
export function rebaseline(old: Baseline | undefined, salt: string, found: readonly BaselineEntry[]): RebaselineResult {
  const before = new Set((old?.entries ?? []).map(keyOf));
  const now = new Map(found.map((e) => [keyOf(e), e]));
  const kept = [...now.keys()].filter((k) => before.has(k)).length;
  return {
    baseline: { version: 1, salt, entries: [...now.values()] },
    added: now.size - kept,
    kept,
    dropped: before.size - kept,
  };
}

/** Reads a baseline file; undefined when it does not exist, an error naming the problem when it is malformed. */
export function readBaselineFile(file: string): Baseline | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw new AppError(ErrorCodes.io, `Cannot read the baseline ${file}: ${(e as { code?: string }).code ?? 'error'}`);
  }
  return parseBaseline(text, path.basename(file));
}
