import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCodes, clip } from '../errors';
import { isWithin } from '../paths';

/** What a path is, as `lstat` (links not followed) or VS Code's `FileType` reports it. */
export type WriteTargetKind = 'missing' | 'file' | 'symlink' | 'directory' | 'fifo' | 'device' | 'socket' | 'other';

/** What is known about a file a secret is about to be written to. */
export interface WriteTargetFacts {
  /** The file's path, as shown to people. */
  path: string;
  kind: WriteTargetKind;
  /** A symbolic link's target as the link spells it. */
  linkTarget?: string;
  /** How many names (hard links) the file has, when known. */
  links?: number;
  /** The workspace folder and the file's own folder with every symbolic link resolved, when known. */
  folderReal?: string;
  parentReal?: string;
}

const USE_ENV = "use 'Read it from the environment' instead";

const NOT_A_FILE: Partial<Record<WriteTargetKind, string>> = {
  directory: 'a folder',
  fifo: 'a named pipe (FIFO)',
  device: 'a device',
  socket: 'a socket',
  other: 'not a regular file',
};

/**
 * Throws unless a secret may be written at `f`: a regular file with a single name, or no file yet,
 * in a folder that stays inside the workspace folder. A symbolic link (it may lead to a tracked or
 * world-readable file, or outside the workspace), a FIFO, a device or a folder is refused.
 * Throws AppError ERR_UNSUPPORTED whose message names the problem and says that nothing was written.
 *
 * @example
 * checkWriteTarget({ path: '/w/.env', kind: 'symlink', linkTarget: '../shared/.env' });
 * // AppError: /w/.env is a symbolic link to ../shared/.env; the secret was not written
 */
export function checkWriteTarget(f: WriteTargetFacts): void {
  const refuse = (problem: string, advice: string): never => {
    throw new AppError(ErrorCodes.unsupported, `${f.path} ${problem}; the secret was not written`, { advice });
  };
  if (f.kind === 'symlink') {
    refuse(
      f.linkTarget === undefined ? 'is a symbolic link' : `is a symbolic link to ${clip(f.linkTarget, 200)}`,
      `Remove the link or ${USE_ENV}.`,
    );
  }
  const notFile = NOT_A_FILE[f.kind];
  if (notFile) refuse(`is ${notFile}, not a file`, `Remove it or ${USE_ENV}.`);
  if (f.kind === 'file' && f.links !== undefined && f.links > 1) {
    refuse(
      `has ${f.links} hard links, so writing it would change another file too`,
      `Make it a file of its own (copy it, then move the copy over it) or ${USE_ENV}.`,
    );
  }
  if (f.folderReal !== undefined && f.parentReal !== undefined && !isWithin(f.folderReal, f.parentReal)) {
    refuse(
      `is in a folder that leads outside the workspace folder (to ${clip(f.parentReal, 200)})`,
      `Remove the link to that folder or ${USE_ENV}.`,
    );
  }
}

/** The kind of a `fs.Stats` from `lstat` or `fstat`. */
export function kindOfStats(s: fs.Stats): WriteTargetKind {
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  if (s.isFIFO()) return 'fifo';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'device';
  if (s.isSocket()) return 'socket';
  return 'other';
}

/**
 * The kind of a VS Code `FileType` (File = 1, Directory = 2, SymbolicLink = 64, a bit combined with
 * the kind of the link's target; Unknown = 0 for FIFOs, devices and sockets).
 */
export function kindOfFileType(type: number): WriteTargetKind {
  if (type & 64) return 'symlink';
  if (type & 2) return 'directory';
  if (type & 1) return 'file';
  return 'other';
}

/** A text file read to have a secret added: checked first, never through a link, a FIFO or a device. */
export interface TextTarget {
  /** The file's text ('' when there is no file yet). */
  readonly text: string;
  /** Replaces the file's text; a file that did not exist is created with the mode given to openTextTarget. */
  write(text: string): Promise<void>;
}

const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const NON_BLOCK = fs.constants.O_NONBLOCK ?? 0;

function errCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function ioError(file: string, doing: string, e: unknown): AppError {
  return new AppError(ErrorCodes.io, `${file} could not be ${doing} (${errCode(e) ?? 'error'})`, { cause: e });
}

function changedMeanwhile(file: string): AppError {
  return new AppError(ErrorCodes.io, `${file} changed while the fix ran; the secret was not written`, {
    advice: 'Try the fix again.',
  });
}

/** What `lstat` and `realpath` say about `file` (in `folder`), links not followed. */
export async function inspectWriteTarget(file: string, folder: string): Promise<WriteTargetFacts> {
  let st: fs.Stats | undefined;
  try {
    st = await fs.promises.lstat(file);
  } catch (e) {
    if (errCode(e) !== 'ENOENT') throw ioError(file, 'read', e);
  }
  const real = (p: string) => fs.promises.realpath(p).catch(() => undefined);
  const [folderReal, parentReal] = await Promise.all([real(folder), real(path.dirname(file))]);
  const facts: WriteTargetFacts = { path: file, kind: st ? kindOfStats(st) : 'missing' };
  if (st?.isSymbolicLink()) facts.linkTarget = await fs.promises.readlink(file).catch(() => undefined);
  if (st) facts.links = st.nlink;
  if (folderReal !== undefined) facts.folderReal = folderReal;
  if (parentReal !== undefined) facts.parentReal = parentReal;
  return facts;
}

/**
 * Opens `file` without following a link (O_NOFOLLOW; where there is none, the path is lstat'ed
 * again once open) or waiting on a FIFO (O_NONBLOCK) and checks the open descriptor again, so a
 * link or FIFO swapped in after the lstat is refused too.
 */
async function openChecked(file: string, flags: number, facts: WriteTargetFacts, doing: string) {
  let fh: FileHandle;
  try {
    fh = await fs.promises.open(file, flags | NO_FOLLOW | NON_BLOCK);
  } catch (e) {
    // ELOOP (EMLINK on some BSDs): a link was put there after the lstat.
    if (errCode(e) === 'ELOOP' || errCode(e) === 'EMLINK') checkWriteTarget({ ...facts, kind: 'symlink' });
    if (errCode(e) === 'ENOENT') throw changedMeanwhile(file);
    throw ioError(file, doing, e);
  }
  try {
    // Without O_NOFOLLOW (Windows) the open followed a link put there after the lstat: look again.
    if (NO_FOLLOW === 0 && (await fs.promises.lstat(file).catch(() => undefined))?.isSymbolicLink())
      checkWriteTarget({ ...facts, kind: 'symlink' });
    const st = await fh.stat();
    checkWriteTarget({ ...facts, kind: kindOfStats(st), links: st.nlink });
    return { fh, st };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/**
 * Reads `file` (in the workspace folder `folder`) to have a secret added: {@link checkWriteTarget}
 * on what `lstat` says, then on the open descriptor, for the read and again for the write (which
 * must find the same file). A missing file is created only on `write`, exclusively, with `mode`
 * (default 0o600). Throws AppError ERR_UNSUPPORTED (refused) or ERR_IO.
 *
 * @example
 * const env = await openTextTarget('/w/.env', '/w');
 * await env.write(`${env.text}NAME=value\n`);
 */
export async function openTextTarget(file: string, folder: string, opts: { mode?: number } = {}): Promise<TextTarget> {
  const facts = await inspectWriteTarget(file, folder);
  checkWriteTarget(facts);
  if (facts.kind === 'missing') {
    return {
      text: '',
      write: async (text) => {
        let fh: FileHandle;
        try {
          fh = await fs.promises.open(
            file,
            fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NO_FOLLOW,
            opts.mode ?? 0o600,
          );
        } catch (e) {
          if (errCode(e) === 'EEXIST') throw changedMeanwhile(file);
          throw ioError(file, 'created', e);
        }
        try {
          await fh.writeFile(text, 'utf8');
        } catch (e) {
          throw ioError(file, 'written', e);
        } finally {
          await fh.close();
        }
      },
    };
  }
  const read = await openChecked(file, fs.constants.O_RDONLY, facts, 'read');
  let text: string;
  try {
    text = await read.fh.readFile('utf8');
  } catch (e) {
    throw ioError(file, 'read', e);
  } finally {
    await read.fh.close();
  }
  return {
    text,
    write: async (next) => {
      const { fh, st } = await openChecked(file, fs.constants.O_WRONLY, facts, 'written');
      try {
        if (st.ino !== read.st.ino || st.dev !== read.st.dev) throw changedMeanwhile(file);
        const bytes = Buffer.from(next, 'utf8');
        // Positional writes from 0, then cut what is left: the file is never empty in between.
        for (let at = 0; at < bytes.length;) at += (await fh.write(bytes, at, bytes.length - at, at)).bytesWritten;
        await fh.truncate(bytes.length);
      } catch (e) {
        throw e instanceof AppError ? e : ioError(file, 'written', e);
      } finally {
        await fh.close();
      }
    },
  };
}

/**
 * The text of `file` when it is, or its links lead to, a regular file of at most `maxBytes`;
 * otherwise ''. Never waits on a FIFO. For reading a file that is never written (a linked
 * .gitignore that may already ignore .env).
 */
export async function readRegularText(file: string, maxBytes = 1 << 20): Promise<string> {
  let fh: FileHandle | undefined;
  try {
    fh = await fs.promises.open(file, fs.constants.O_RDONLY | NON_BLOCK);
    const st = await fh.stat();
    if (!st.isFile() || st.size > maxBytes) return '';
    return await fh.readFile('utf8');
  } catch {
    return '';
  } finally {
    await fh?.close();
  }
}
