import fs from 'node:fs';

/** O_NOFOLLOW where the platform has it (not Windows: there the path is lstat'ed first). */
const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/**
 * The text of a small regular file that a repository may have chosen: no link is followed
 * (O_NOFOLLOW, or an lstat first where the platform has none), a FIFO or device is never waited on
 * (opened non-blocking, then fstat'ed), and at most `max` bytes are read: the first `max`, or none
 * at all when `whole` is set and the file is larger. Undefined for anything else; never throws.
 *
 * @example
 * readSmallFile('.git/HEAD', 4096) // 'ref: refs/heads/main\n'
 */
export function readSmallFile(file: string, max: number, { whole = false } = {}): string | undefined {
  let fd: number | undefined;
  try {
    if (NO_FOLLOW === 0 && !fs.lstatSync(file).isFile()) return undefined;
    fd = fs.openSync(file, fs.constants.O_RDONLY | NO_FOLLOW | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile() || (whole && st.size > max)) return undefined;
    const buf = Buffer.allocUnsafe(Math.min(max, st.size));
    let n = 0;
    while (n < buf.length) {
      const r = fs.readSync(fd, buf, n, buf.length - n, n);
      if (r === 0) break;
      n += r;
    }
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
