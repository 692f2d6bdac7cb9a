import { type CliIo, runCli } from '../../src/cli';

/** Runs the CLI in-process and collects what it printed. */
export async function cli(
  argv: string[],
  opts: { env?: Record<string, string>; stdin?: string; files?: Record<string, string> } = {},
) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: opts.env ?? {},
    readStdin: async () => opts.stdin ?? '',
    readFile: async (p) => {
      const f = opts.files?.[p];
      if (f === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return f;
    },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
