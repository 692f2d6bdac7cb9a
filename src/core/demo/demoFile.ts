import fs from 'node:fs';
import path from 'node:path';
import { tryParseJson } from '../jsonLimits';
import { isWithin } from '../paths';
import type { RunMode } from '../runMode';

/**
 * The environment variable `npm start` sets for code-server (and so for the extension host): the
 * absolute path of this run's demo file, a 0600 file in a private temporary folder outside the
 * workspace, removed when `npm start` stops. It holds the demo accounts' secrets; the variable holds
 * only the path, so no terminal, task or process listing ever shows a secret.
 */
export const DEMO_ENV = 'PAYAPI_DEMO';

export type { RunMode };

/** What the demo file holds: the secrets of the run's two demo accounts, and the files to show first. */
export interface DemoFile {
  /** Unique per `npm start` run: a reload of the window finds its accounts by it. */
  runId: string;
  helcim: { token: string; webhookSecret: string };
  gr4vy: { instanceId: string; privateKey: string; webhookSecret: string };
  /** Files to open on the first screen, relative to the first workspace folder. */
  open: string[];
}

/** The verdict on the demo variable: off, refused (with why), or on (with the file). */
export type DemoRead =
  /** No demo: the variable is not set. */
  | { kind: 'off' }
  /** The variable is set but not honoured; `reason` says why (it never quotes the file). */
  | { kind: 'refused'; reason: string }
  | { kind: 'on'; demo: DemoFile };

/** The file system calls reading the demo file makes (tests replace them). */
export interface DemoFs {
  lstat(p: string): { isFile(): boolean; isDirectory(): boolean; mode: number; uid: number; size: number };
  readFile(p: string): string;
}

/** What {@link readDemo} decides from: the run mode, the environment and the workspace folders. */
export interface DemoReadOptions {
  mode: RunMode;
  env: Readonly<Record<string, string | undefined>>;
  /** Absolute paths of the workspace folders: a demo file inside one is refused. */
  workspaceFolders: readonly string[];
  fs?: DemoFs;
  /** The user the file and its folder must belong to (default: this process's). */
  uid?: number;
  /** Default: this process's; on Windows the owner and mode checks are skipped (no POSIX modes). */
  platform?: NodeJS.Platform;
}

const MAX_BYTES = 64 * 1024;
const nodeFs: DemoFs = { lstat: (p) => fs.lstatSync(p), readFile: (p) => fs.readFileSync(p, 'utf8') };

/**
 * Reads the demo file named by {@link DEMO_ENV}, only when the extension runs in development mode
 * (an Extension Development Host, as `npm start` opens it). A workspace cannot get here: settings and
 * files are never read for it, and the file must be the launcher's own: a regular file (not a link)
 * outside every workspace folder, owned by this user, readable by nobody else, in a folder nobody
 * else can enter. Never throws; a refusal's reason never quotes the file.
 * @example readDemo({ mode: 'development', env: process.env, workspaceFolders: ['/tmp/payapi-demo-x'] })
 */
export function readDemo(opts: DemoReadOptions): DemoRead {
  const file = opts.env[DEMO_ENV];
  if (file === undefined || file === '') return { kind: 'off' };
  const refuse = (reason: string): DemoRead => ({ kind: 'refused', reason: `${DEMO_ENV} is set, but ${reason}` });
  if (opts.mode !== 'development')
    return refuse(`the extension runs in ${opts.mode} mode: demo accounts are made only in development mode`);
  if (!path.isAbsolute(file)) return refuse('it is not an absolute path');
  if (opts.workspaceFolders.some((f) => isWithin(f, file))) return refuse('it names a file inside a workspace folder');
  const io = opts.fs ?? nodeFs;
  const posix = (opts.platform ?? process.platform) !== 'win32';
  const uid = opts.uid ?? process.getuid?.();
  let text: string;
  try {
    const st = io.lstat(file);
    if (!st.isFile()) return refuse('it does not name a regular file');
    if (st.size > MAX_BYTES) return refuse('the file is too large');
    if (posix && (st.mode & 0o077) !== 0) return refuse('other users may read the file (it must be 0600)');
    if (posix && uid !== undefined && st.uid !== uid) return refuse('the file belongs to another user');
    const dir = io.lstat(path.dirname(file));
    if (!dir.isDirectory()) return refuse('its folder is not a directory');
    if (posix && (dir.mode & 0o077) !== 0) return refuse('other users may open its folder (it must be 0700)');
    if (posix && uid !== undefined && dir.uid !== uid) return refuse('its folder belongs to another user');
    text = io.readFile(file);
  } catch (e) {
    return refuse(`the file cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const parsed = tryParseJson(text);
  if (!parsed) return refuse('the file is not JSON');
  return isDemoFile(parsed.value) ? { kind: 'on', demo: parsed.value } : refuse('the file is not a demo file');
}

const str = (v: unknown, max = 8192): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A workspace-relative path that stays inside the folder. */
function isRelativeInside(p: unknown): p is string {
  if (!str(p, 256) || path.isAbsolute(p) || /^[a-zA-Z]:/.test(p)) return false;
  return !p.split(/[\\/]/).some((part) => part === '..');
}

function isDemoFile(v: unknown): v is DemoFile {
  if (!obj(v) || !obj(v.helcim) || !obj(v.gr4vy)) return false;
  return (
    typeof v.runId === 'string' &&
    /^[0-9a-f-]{36}$/.test(v.runId) &&
    str(v.helcim.token) &&
    str(v.helcim.webhookSecret) &&
    str(v.gr4vy.instanceId, 64) &&
    str(v.gr4vy.privateKey) &&
    str(v.gr4vy.webhookSecret) &&
    Array.isArray(v.open) &&
    v.open.length <= 4 &&
    v.open.every(isRelativeInside)
  );
}
