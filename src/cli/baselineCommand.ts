import fs from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCodes } from '../core/errors';
import { escapeText } from '../core/text/escape';
import { baselinePath, emptyBaseline, readBaselineFile, rebaseline, serializeBaseline } from '../core/scanner/baseline';
import { defaultBaselinePath } from './baselineFile';
import { ExitCodes, type Subcommand, parseOptions, usageError } from './io';
import { SOURCE_OPTIONS, sourceOf } from './scanCommand';
import { scanSource } from './scanSources';

const USAGE = `Usage: payapi baseline [PATH...] [--output FILE] [--history [--since REV] [--branches]] [--no-ignore]
  Accepts every finding there is now: writes .payapi-baseline.json (at the top of the repository, or
  --output FILE) with one entry per finding: its rule, its file and a salted one-way hash of the
  secret. The file holds no secret and no part of one; commit it. 'payapi scan' (also --staged and
  --history) and the editor then report those findings as baselined, and they do not fail the run. A
  moved line stays accepted; a new secret, even in the same file, does not. Running it again rewrites
  the baseline to what is found now (keeping its salt) and says what was added and dropped.
  --history accepts what is found in git history instead of the working tree.
  Exit codes: 0 written, 2 usage or I/O error.`;

export const baselineCommand: Subcommand = {
  summary: 'accept the current findings in .payapi-baseline.json (no secret stored)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { output: { type: 'string' }, ...SOURCE_OPTIONS });
    if (values.staged) usageError('payapi baseline takes the working tree or --history, not --staged');
    const cwd = process.cwd();
    const file = path.resolve(cwd, values.output ?? defaultBaselinePath(cwd));
    const old = readBaselineFile(file);
    const salt = old?.salt ?? emptyBaseline().salt;
    const { source, maxFileSize } = sourceOf(values, positionals);
    const summary = await scanSource(source, { maxFileSize, salt }, io);
    const dir = path.dirname(file);
    const entries = summary.findings
      .filter((f) => f.severity !== 'info')
      .map((f) => ({
        ruleId: f.ruleId,
        path: baselinePath(dir, path.resolve(cwd, f.path)),
        secretHash: f.secretHash ?? '',
      }));
    const r = rebaseline(old, salt, entries);
    try {
      fs.writeFileSync(file, serializeBaseline(r.baseline));
    } catch (e) {
      throw new AppError(ErrorCodes.io, `Cannot write ${file}: ${(e as { code?: string }).code ?? 'error'}`);
    }
    const shown = path.relative(cwd, file) || file;
    const n = r.baseline.entries.length;
    io.stdout(
      `${escapeText(shown)}: ${n} accepted finding${n === 1 ? '' : 's'} ` +
        `(${r.added} added, ${r.kept} kept, ${r.dropped} no longer found).\n`,
    );
    return ExitCodes.ok;
  },
};
