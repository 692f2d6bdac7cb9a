// Why a unit test cannot run on this system, for `{ skip: … }` (a reason, or false to run it): CI runs
// the unit layer on Windows and macOS too (.github/workflows/ci.yml), and a test of what those
// systems do not have must say so rather than fail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const WINDOWS = process.platform === 'win32';

/** Whether this process may create a symbolic link (on Windows: Developer Mode or an elevated process). */
function canCreateSymlinks(): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-symlink-probe-'));
  try {
    fs.writeFileSync(path.join(dir, 'target'), '');
    fs.symlinkSync(path.join(dir, 'target'), path.join(dir, 'link'));
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** FIFOs (mkfifo), devices under /dev, and links to them. */
export const NO_FIFOS: string | false = WINDOWS && 'Windows has no FIFOs (mkfifo) and no /dev devices to link to';

/** Symbolic links. */
export const NO_SYMLINKS: string | false =
  WINDOWS && !canCreateSymlinks() && 'this Windows process may not create symbolic links (no privilege)';

/** File names with control characters or `* ? : " < > |`. */
export const NO_ODD_NAMES: string | false =
  WINDOWS && 'Windows forbids control characters and * ? : " < > | in file names';

/** File names whose bytes are not UTF-8. */
export const NO_BYTE_NAMES: string | false =
  process.platform !== 'linux' &&
  'only Linux file systems keep names that are not UTF-8 (NTFS names are UTF-16; APFS refuses them)';

/** POSIX file modes and owners (`chmod 0600`, `st.uid`): Windows keeps only a read-only flag. */
export const NO_POSIX_MODES: string | false =
  WINDOWS && 'Windows has no POSIX file modes or owners (chmod sets only the read-only flag)';

/** Running a script by its `#!` line. */
export const NO_SHEBANG: string | false =
  WINDOWS && 'Windows does not run a script by its #! line (npm gives a bin a .cmd shim instead)';
