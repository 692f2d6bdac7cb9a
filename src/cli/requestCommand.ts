import { validateBaseUrl } from '../core/accounts/validate';
import { proxyFromEnv } from '../core/http/request';
import { formatNotes, formatRequest, formatResponse } from '../core/httpFile/format';
import { parseHttpFile } from '../core/httpFile/parse';
import { prepareRequest } from '../core/httpFile/prepare';
import { sendPrepared } from '../core/httpFile/send';
import type { HttpFileRequest } from '../core/httpFile/types';
import { tryParseUrl } from '../core/net/url';
import { PROVIDERS } from '../core/providers/registry';
import type { ApiRequest, RequestSpec } from '../core/providers/requestSpec';
import type { ProviderSpec } from '../core/providers/types';
import { escapeOutput, escapeText } from '../core/text/escape';
import { quotedValue } from '../core/text/quoted';
import { timeoutOf } from './gr4vyOptions';
import { type CliIo, type ExitCode, ExitCodes, parseOptions, readInputFile, readKeyOption, usageError } from './io';

/** The providers whose payments carry an idempotency key, for the usage text: "Helcim". */
function idempotentProviders(): string {
  return PROVIDERS.filter((p) => p.requests?.idempotency)
    .map((p) => p.displayName)
    .join(', ');
}

const USAGE = `Usage:
  payapi request FILE [--name NAME | --line N] [--key FILE] [--base-url URL]
      [--merchant-account-id ID] [--dry-run] [--yes] [--idempotency-key KEY] [--timeout-ms N]
      Sends one request of a .http/.rest file (REST Client, httpYac and JetBrains format) to a
      provider's API with a credential the file does not hold: the provider's variable for a token
      (${PROVIDERS.filter((p) => p.secretEntry.kind === 'text')
        .map((p) => p.envVar)
        .join(', ')}; else standard input), --key FILE for a signing key. The request goes only to the
      provider's own API host (--base-url sends it to a stand-in instead). A request that moves
      money asks first (--yes for scripts). --dry-run prints the request with the credential masked.
      A payment that must carry an idempotency key (${idempotentProviders()}) gets a new one on every
      run, printed: to send the same payment again without a second charge while the provider keeps
      the key, give it back with --idempotency-key KEY (the provider then returns the first answer).
      Prints the status, headers and body, secrets masked. Exit codes: 0 an answer in 2xx (or a dry
      run), 1 any other answer or a request not sent, 2 usage, I/O or network error.`;

/** An option value that goes into a header: printable ASCII, no spaces, short. */
function validateHeaderValue(v: string, what: string): string {
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(v)) usageError(`${what} may contain only letters, digits and _ . : -`);
  return v;
}

const OPTIONS = {
  name: { type: 'string' },
  line: { type: 'string' },
  key: { type: 'string' },
  'base-url': { type: 'string' },
  'merchant-account-id': { type: 'string' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
  'idempotency-key': { type: 'string' },
  'timeout-ms': { type: 'string' },
} as const;

/** The request --name or --line picks, or the file's only one. */
function pick(requests: readonly HttpFileRequest[], name: unknown, line: unknown): HttpFileRequest {
  if (typeof name === 'string') {
    const r = requests.find((x) => x.name === name);
    if (!r) {
      const names = requests.flatMap((x) => (x.name ? [x.name] : []));
      usageError(`No request is named ${quotedValue(name)}${names.length ? ` (names: ${names.join(', ')})` : ''}`);
    }
    return r;
  }
  if (typeof line === 'string') {
    const n = Number(line);
    if (!Number.isInteger(n) || n < 1) usageError(`--line must be a line number (got ${quotedValue(line)})`);
    const r = requests.filter((x) => x.line <= n).at(-1);
    if (!r) usageError(`No request starts at or before line ${n}`);
    return r;
  }
  if (requests.length !== 1)
    usageError(`The file holds ${requests.length} requests: pick one with --name NAME or --line N`);
  return requests[0] as HttpFileRequest;
}

/** The stored-form secret for the provider: a --key file, or its variable, or standard input. */
async function secretFor(spec: ProviderSpec, key: unknown, io: CliIo): Promise<string> {
  if (spec.secretEntry.kind === 'keyFile') {
    if (typeof key !== 'string') usageError(`--key FILE is required (the ${spec.displayName} ${spec.secretNoun})`);
    return readKeyOption(io, key, async (t) => (await spec.prepareSecret(t)).value);
  }
  const text = io.env[spec.envVar] ?? (await io.readStdin());
  if (text.trim() === '') usageError(`No ${spec.secretNoun}: set ${spec.envVar} or pass it on standard input`);
  return (await spec.prepareSecret(text)).value;
}

/** The --idempotency-key given, for a request that takes one and sets none; never repeated (it could be a secret). */
function checkIdempotencyKey(key: string, idem: RequestSpec['idempotency'], request: ApiRequest, line: number): void {
  if (!idem)
    usageError(`--idempotency-key goes only with a request that takes one (a payment of ${idempotentProviders()})`);
  if (!idem.accepts(key)) usageError(`--idempotency-key must be ${idem.keyForm}; the value given is not (not shown)`);
  if (request.headers[idem.header] !== undefined)
    usageError(
      `Line ${line}: the request sets its own ${idem.header} header: remove the header or leave out --idempotency-key`,
    );
}

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, OPTIONS);
  if (positionals.length !== 1) usageError('Give one .http file');
  const idempotencyKey = values['idempotency-key'];
  const file = positionals[0] ?? '';
  const parsed = parseHttpFile(await readInputFile(io, file, 'the request file'));
  for (const p of parsed.problems) io.stderr(`payapi request: line ${p.line}: ${escapeText(p.message)}\n`);
  const req = pick(parsed.requests, values.name, values.line);
  const url = tryParseUrl(req.url);
  if (!url) usageError(`Line ${req.line}: ${quotedValue(req.url.slice(0, 80))} is not a URL`);
  const spec = PROVIDERS.find((p) => p.requests?.recognises(url));
  if (!spec?.requests)
    usageError(`Line ${req.line}: ${escapeText(url.host)} is not the API host of a provider this tool sends to`);
  const merchant = values['merchant-account-id'];
  const account = spec.requests.accountFromUrl(
    url,
    typeof merchant === 'string' ? validateHeaderValue(merchant, '--merchant-account-id') : undefined,
  );
  const baseUrl =
    typeof values['base-url'] === 'string' ? validateBaseUrl(values['base-url'], '--base-url') : undefined;
  const prepared = prepareRequest(req, account, baseUrl);
  const idem = prepared.spec.idempotency?.applies(prepared.request) ? prepared.spec.idempotency : undefined;
  const fileKey = idem !== undefined && prepared.request.headers[idem.header] !== undefined;
  if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey, idem, prepared.request, req.line);
  const secret = await secretFor(spec, values.key, io);
  const dryRun = values['dry-run'] === true;
  if (prepared.movesMoney && !dryRun && values.yes !== true) {
    const question = `This sends ${prepared.movesMoney} to ${spec.displayName}. Send it? [y/N] `;
    if (!io.ask) usageError(`This request moves money (${prepared.movesMoney}): add --yes to send it`);
    if (!/^\s*y(es)?\s*$/i.test((await io.ask(question)) ?? '')) {
      io.stdout('not sent\n');
      return ExitCodes.failure;
    }
  }
  const ex = await sendPrepared(prepared, secret, {
    timeoutMs: timeoutOf(values['timeout-ms']),
    proxy: proxyFromEnv(io.env),
    dryRun,
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  });
  for (const n of formatNotes(ex)) io.stderr(`${escapeText(n)}\n`);
  if (dryRun) {
    io.stdout(`${escapeOutput(formatRequest(ex))}\n`);
    return ExitCodes.ok;
  }
  // This process keeps nothing after it ends: the key is printed (it is no secret) for a deliberate resend.
  const sentKey = idem && !fileKey ? ex.request.headers[idem.header] : undefined;
  if (idem && sentKey !== undefined)
    io.stderr(
      `# ${idem.header} ${escapeText(sentKey)}: to send this payment again without a second charge ` +
        `(within ${idem.windowMs / 60_000} minutes), add --idempotency-key ${escapeText(sentKey)}\n`,
    );
  io.stdout(`${escapeOutput(formatResponse(ex))}\n`);
  if (!ex.response) return ExitCodes.usage;
  return ex.response.status >= 200 && ex.response.status < 300 ? ExitCodes.ok : ExitCodes.failure;
}

export const requestCommand = {
  summary: 'send a request of a .http file with a stored-form credential (masked output)',
  usage: USAGE,
  run,
};
