import fs from 'node:fs';
import type { FilePath } from './files';

/** What reading a file for a scan gave. */
export type ReadResult =
  | { kind: 'text'; bytes: Buffer; truncated: boolean }
  | { kind: 'skipped'; why: 'binary' | 'too large' | 'unreadable' | 'not a regular file'; detail?: string };

/** How many first bytes tell a binary file (as git decides). */
const BINARY_SNIFF = 8000;
/** The first read of a file: most files are smaller, and a larger binary one is not read further. */
const FIRST_READ = 64 * 1024;

/** Whether bytes read from a file are binary: a NUL byte in the first 8,000 (as git decides). */
export function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, BINARY_SNIFF).includes(0);
}

/** O_NOFOLLOW where the platform has it (not Windows: there the file is checked with lstat first). */
const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const READ_FLAGS = fs.constants.O_RDONLY | NO_FOLLOW | (fs.constants.O_NONBLOCK ?? 0);

/**
 * One buffer reused for every file that fits: no allocation (or garbage) per file. Only regular
 * files are read: a symbolic link, FIFO, socket or device is skipped as 'not a regular file'.
 */
export class FileReader {
  private scratch = Buffer.allocUnsafe(4 * 1024 * 1024);

  /** A larger scratch buffer holding the first `keep` bytes of the old one. */
  private grow(size: number, keep: number): void {
    const bigger = Buffer.allocUnsafe(size);
    this.scratch.copy(bigger, 0, 0, keep);
    this.scratch = bigger;
  }

  /**
   * Reads a file for scanning. Over `maxBytes` it is skipped (`overCap: 'skip'`, the CLI) or only
   * its first `maxBytes` are read (`'truncate'`, the editor); a NUL byte in the first 8,000 bytes
   * marks it binary. The bytes are valid until the next read.
   */
  read(file: FilePath, maxBytes: number, overCap: 'skip' | 'truncate'): ReadResult {
    let fd: number;
    try {
      // No link is followed at the last step (ELOOP), and a FIFO or device does not block the open.
      if (!NO_FOLLOW && !fs.lstatSync(file).isFile()) return { kind: 'skipped', why: 'not a regular file' };
      fd = fs.openSync(file, READ_FLAGS);
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'error';
      if (code === 'ELOOP' || code === 'EMLINK') return { kind: 'skipped', why: 'not a regular file', detail: 'link' };
      return { kind: 'skipped', why: 'unreadable', detail: code };
    }
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return { kind: 'skipped', why: 'not a regular file' };
      if (stat.size > maxBytes && overCap === 'skip') return { kind: 'skipped', why: 'too large' };
      // The size says how much to read: no last read to find the end. A file that says 0 (some
      // systems' generated files) is read to its end, up to the cap and one byte more.
      const want = stat.size > 0 ? Math.min(stat.size, maxBytes) : maxBytes + 1;
      let n = 0;
      let checked = false;
      while (n < want) {
        if (n === this.scratch.length) this.grow(Math.min(want, this.scratch.length * 2), n);
        // A large file is read its first 64 KB first: a binary one (a NUL in its first 8,000 bytes) is
        // left there, not read whole for nothing.
        const upTo = checked ? want : Math.min(want, FIRST_READ);
        const r = fs.readSync(fd, this.scratch, n, Math.min(this.scratch.length, upTo) - n, null);
        if (r === 0) break;
        n += r;
        if (!checked && n >= Math.min(want, BINARY_SNIFF)) {
          checked = true;
          if (isBinary(this.scratch.subarray(0, n))) return { kind: 'skipped', why: 'binary' };
        }
      }
      const over = stat.size > maxBytes || n > maxBytes;
      if (over && overCap === 'skip') return { kind: 'skipped', why: 'too large' };
      const bytes = this.scratch.subarray(0, Math.min(n, maxBytes));
      if (!checked && isBinary(bytes)) return { kind: 'skipped', why: 'binary' };
      return { kind: 'text', bytes, truncated: over };
    } catch (e) {
      return { kind: 'skipped', why: 'unreadable', detail: (e as { code?: string }).code ?? 'error' };
    } finally {
      fs.closeSync(fd);
    }
  }
}
