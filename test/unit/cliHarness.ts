import { type CliIo, runCli } from '../../src/cli';

/** Runs the CLI in-process and collects what it printed. */
export async function cli(
  argv: string[],
  opts: {
    env?: Record<string, string>;
    stdin?: string;
    files?: Record<string, string>;
    /** Answers to terminal questions, in order; without it there is no terminal. */
    answers?: string[];
  } = {},
) {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const answers = opts.answers ? [...opts.answers] : undefined;
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
    ...(answers
      ? {
          ask: async (q: string) => {
            asked.push(q);
            return answers.shift();
          },
        }
      : {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, asked };
}
