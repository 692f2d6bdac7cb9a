import { AppError, ErrorCodes } from '../core/errors';
import { type WebhookProvider, sampleGr4vyEvent, sampleHelcimEvent, signDelivery } from '../core/webhooks/events';
import { deliver } from '../core/webhooks/deliver';
import { verifyGr4vyWebhook } from '../core/webhooks/gr4vyWebhook';
import { verifyHelcimPayResponse } from '../core/webhooks/helcimPay';
import { verifyHelcimWebhook } from '../core/webhooks/helcimWebhook';
import { parseRawRequest } from '../core/webhooks/rawRequest';
import type { WebhookVerdict } from '../core/webhooks/verdict';
import { timeoutOf } from './gr4vyOptions';
import {
  type CliIo,
  type ExitCode,
  ExitCodes,
  type Subcommand,
  dispatch,
  parseOptions,
  readInputFile,
  usageError,
} from './io';

const WEBHOOK_USAGE = `Usage:
  payapi webhook verify --provider helcim|gr4vy --secret-env VAR [--secret-env VAR2] [--request FILE]
                        [--tolerance-s N] [--format text|json]
      Reads a captured HTTP request (request line optional, headers, a blank line, the body) from FILE
      or standard input and verifies its signature: Helcim with the webhook verifier token, Gr4vy with
      the webhook secret (give two during a rotation). Says which signature matched and how old the
      timestamp is, or the likely cause: body changed, wrong or legacy header names, missing headers,
      a secret used undecoded or with a prefix, a timestamp in milliseconds or out of tolerance
      (default 300 s), the other provider's scheme.
  payapi webhook send --provider helcim|gr4vy --secret-env VAR [--secret-env VAR2] --to URL [--event FILE]
      Signs a realistic event (or the body in FILE) as the provider does and POSTs it to your handler
      on this machine (localhost only).
Secrets come from the environment variables named (never from arguments).
Exit codes: 0 verified or delivered (2xx), 1 not verified or the handler refused it, 2 usage or I/O error.`;

const HELCIMPAY_USAGE = `Usage: payapi helcimpay verify --secret-token-env VAR [--response FILE] [--format text|json]
  Verifies a HelcimPay.js success message, {"data": {…}, "hash": "…"} (or the event wrapping it), from
  FILE or standard input: hash = sha256(json_encode(data) . secretToken), with PHP's json_encode.
  Says which encoding matched, or why none did. The secretToken is the one POST
  /v2/helcim-pay/initialize returned for this checkout, in the environment variable named.
Exit codes: 0 verified, 1 not verified, 2 usage or I/O error.`;

/** The values of the environment variables named by repeated --secret-env options. */
function secretsFrom(names: readonly string[] | undefined, io: CliIo, what: string): string[] {
  if (!names?.length) usageError(`--secret-env VAR is required: the environment variable holding the ${what}`);
  return names.map((n) => {
    const v = io.env[n];
    if (v === undefined || v.trim() === '')
      usageError(`The environment variable ${n} is not set (it should hold the ${what})`);
    return v;
  });
}

function providerOf(v: string | undefined): WebhookProvider {
  if (v !== 'helcim' && v !== 'gr4vy')
    usageError(`--provider must be helcim or gr4vy (got "${String(v ?? '').slice(0, 20)}")`);
  return v;
}

function report(io: CliIo, v: WebhookVerdict, format: string | undefined): ExitCode {
  if (format === 'json') io.stdout(`${JSON.stringify(v, null, 2)}\n`);
  else {
    io.stdout(`${v.ok ? 'verified' : 'not verified'}: ${v.summary.replace(/^(Not verified|Verified): /, '')}\n`);
    for (const c of v.causes) io.stdout(`  cause ${c.cause}: ${c.message}\n    ${c.hint}\n`);
    for (const c of v.checks) io.stdout(`  - ${c}\n`);
  }
  return v.ok ? ExitCodes.ok : ExitCodes.failure;
}

function formatOf(v: string | undefined): 'text' | 'json' {
  if (v !== undefined && v !== 'text' && v !== 'json')
    usageError(`--format must be text or json (got "${v.slice(0, 20)}")`);
  return v ?? 'text';
}

async function verifyWebhook(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, {
    provider: { type: 'string' },
    'secret-env': { type: 'string', multiple: true },
    request: { type: 'string' },
    'tolerance-s': { type: 'string' },
    format: { type: 'string' },
  });
  if (positionals.length)
    usageError(`Unexpected argument "${positionals[0]}": the request comes from --request FILE or stdin`);
  const provider = providerOf(values.provider);
  const format = formatOf(values.format);
  const secrets = secretsFrom(values['secret-env'], io, provider === 'helcim' ? 'verifier token' : 'webhook secret');
  if (provider === 'helcim' && secrets.length > 1) usageError('Helcim has one verifier token: give one --secret-env');
  if (secrets.length > 2) usageError('Give at most two secrets (the new and the old one, during a rotation)');
  const tol = values['tolerance-s'];
  const toleranceS = tol === undefined ? undefined : Number(tol);
  if (toleranceS !== undefined && (!Number.isInteger(toleranceS) || toleranceS < 0 || toleranceS > 30 * 86400))
    usageError(`--tolerance-s must be a whole number of seconds from 0 to 2592000 (got "${String(tol).slice(0, 20)}")`);
  const text = values.request ? await readInputFile(io, values.request, 'the request') : await io.readStdin();
  let req;
  try {
    req = parseRawRequest(text);
  } catch (e) {
    throw new AppError(ErrorCodes.invalidInput, `The request cannot be read: ${(e as Error).message}`);
  }
  const opts = toleranceS === undefined ? {} : { toleranceS };
  const v =
    provider === 'helcim' ? verifyHelcimWebhook(req, secrets[0] ?? '', opts) : verifyGr4vyWebhook(req, secrets, opts);
  return report(io, v, format);
}

async function sendWebhook(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, {
    provider: { type: 'string' },
    'secret-env': { type: 'string', multiple: true },
    to: { type: 'string' },
    event: { type: 'string' },
    'timeout-ms': { type: 'string' },
  });
  if (positionals.length) usageError(`Unexpected argument "${positionals[0]}"`);
  const provider = providerOf(values.provider);
  const secrets = secretsFrom(values['secret-env'], io, provider === 'helcim' ? 'verifier token' : 'webhook secret');
  if (!values.to)
    usageError('--to URL is required: your webhook handler on this machine, e.g. http://localhost:3000/webhooks');
  const body = values.event
    ? await readInputFile(io, values.event, 'the event')
    : provider === 'helcim'
      ? sampleHelcimEvent()
      : sampleGr4vyEvent();
  const d = signDelivery(provider, secrets, body);
  const r = await deliver(values.to, d, { timeoutMs: timeoutOf(values['timeout-ms']) });
  const id = d.headers['webhook-id'] ?? d.headers['x-gr4vy-webhook-id'] ?? '';
  const ok = r.status >= 200 && r.status < 300;
  io.stdout(`${ok ? 'delivered' : 'refused'}: HTTP ${r.status} in ${r.latencyMs} ms (id ${id})\n`);
  if (!ok && r.snippet) io.stdout(`  the handler said: ${r.snippet.replace(/\s+/g, ' ').slice(0, 200)}\n`);
  return ok ? ExitCodes.ok : ExitCodes.failure;
}

export const webhookCommand: Subcommand = {
  summary: 'verify a captured Helcim or Gr4vy webhook and say why it fails; send a signed test event',
  usage: WEBHOOK_USAGE,
  run: (args, io) => dispatch(args, io, 'an action', { verify: verifyWebhook, send: sendWebhook }, WEBHOOK_USAGE),
};

async function verifyHelcimPay(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, {
    'secret-token-env': { type: 'string' },
    response: { type: 'string' },
    format: { type: 'string' },
  });
  if (positionals.length)
    usageError(`Unexpected argument "${positionals[0]}": the response comes from --response FILE or stdin`);
  const format = formatOf(values.format);
  const name = values['secret-token-env'];
  if (!name) usageError('--secret-token-env VAR is required: the environment variable holding the secretToken');
  const [token = ''] = secretsFrom([name], io, 'secretToken');
  const text = values.response ? await readInputFile(io, values.response, 'the response') : await io.readStdin();
  return report(io, verifyHelcimPayResponse(text, token), format);
}

export const helcimPayCommand: Subcommand = {
  summary: 'verify a HelcimPay.js response hash (PHP json_encode aware)',
  usage: HELCIMPAY_USAGE,
  run: (args, io) => dispatch(args, io, 'an action', { verify: verifyHelcimPay }, HELCIMPAY_USAGE),
};
