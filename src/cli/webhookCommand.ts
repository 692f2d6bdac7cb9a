import { AppError, ErrorCodes } from '../core/errors';
import { escapeText } from '../core/text/escape';
import { quotedValue } from '../core/text/quoted';
import type { ProviderSpec } from '../core/providers/types';
import { verifyHelcimPayResponse } from '../core/providers/helcim/helcimPay';
import { HELCIMPAY_SUMMARY, HELCIMPAY_USAGE } from '../core/providers/helcim/helcimPayText';
import { PROVIDERS, providersWithWebhooks } from '../core/providers/registry';
import type { WebhookSpec } from '../core/providers/webhookSpec';
import { deliver } from '../core/webhooks/deliver';
import { signDelivery } from '../core/webhooks/events';
import { parseRawRequest } from '../core/webhooks/rawRequest';
import type { WebhookVerdict } from '../core/webhooks/verdict';
import { timeoutOf } from './gr4vyOptions';
import {
  type ArgToken,
  type CliIo,
  type ExitCode,
  ExitCodes,
  createActionCommand,
  optionValueNumbers,
  parseOptionsOnly,
  readInputFile,
  usageError,
} from './io';

// The help names the providers that send webhooks, and each one's secret, from the registry.
const WEBHOOK_PROVIDERS = providersWithWebhooks();
const PROVIDER_IDS = WEBHOOK_PROVIDERS.map((p) => p.spec.id).join('|');
const PROVIDER_NAMES = WEBHOOK_PROVIDERS.map((p) => p.spec.displayName).join(' or ');
const SECRET_LINES = WEBHOOK_PROVIDERS.map(({ spec, webhooks: w }) => {
  const rotation = w.maxSecrets > 1 ? ` (give ${w.maxSecrets} during a rotation)` : '';
  return `        ${spec.displayName}: the ${w.webhookSecretNoun}${rotation}`;
}).join('\n');

const WEBHOOK_USAGE = `Usage:
  payapi webhook verify --provider ${PROVIDER_IDS} --secret-env VAR [--secret-env VAR2] [--request FILE]
                        [--tolerance-s N] [--format text|json]
      Reads a captured HTTP request (request line optional, headers, a blank line, the body) from FILE
      or standard input and verifies its signature with the provider's secret:
${SECRET_LINES}
      Says which signature matched and how old the timestamp is, or the likely cause: body changed,
      wrong or legacy header names, missing headers, a secret used undecoded or with a prefix, a
      timestamp in milliseconds or out of tolerance (default 300 s), the other provider's scheme.
  payapi webhook send --provider ${PROVIDER_IDS} --secret-env VAR [--secret-env VAR2] --to URL [--event FILE]
      Signs a realistic event (or the body in FILE) as the provider does and POSTs it to your handler
      on this machine (localhost only).
Secrets come from the environment variables named (never from arguments).
Exit codes: 0 verified or delivered (2xx), 1 not verified or the handler refused it, 2 usage or I/O error.`;

/** What an environment variable's name may be. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * A name safe to repeat in a message: upper case words of at most 15 characters (`GR4VY_WEBHOOK_SECRET`).
 * A secret given where its variable's name belongs (`whsec_…`, a token) also fits VARIABLE_NAME, but
 * not this.
 */
function isConventionalName(name: string): boolean {
  return /^[A-Z_][A-Z0-9_]*$/.test(name) && name.split('_').every((w) => w.length <= 15);
}

/**
 * The values of the environment variables named by repeated `--option VAR`s. A name that is not a
 * variable's name, or does not look like one, is never printed (it may be the secret itself): the
 * message gives its place on the command line.
 */
function secretsFrom(
  io: CliIo,
  parsed: { args: readonly string[]; tokens: readonly ArgToken[]; names: readonly string[] | undefined },
  option: string,
  what: string,
): string[] {
  const { names } = parsed;
  if (!names?.length) usageError(`--${option} VAR is required: the environment variable holding the ${what}`);
  const places = optionValueNumbers(io, parsed.args, parsed.tokens, option);
  return names.map((n, i) => {
    const where = `argument ${places[i] ?? '?'}`;
    if (!VARIABLE_NAME.test(n))
      usageError(
        `--${option} takes the name of the environment variable holding the ${what} (letters, digits and _), ` +
          `not its value: ${where} is not such a name (not shown, in case it is the secret)`,
      );
    const v = io.env[n];
    if (v === undefined || v.trim() === '')
      usageError(
        isConventionalName(n)
          ? `The environment variable ${n} is not set (it should hold the ${what})`
          : `The environment variable named in ${where} is not set (it should hold the ${what}; ` +
              `the name is not shown, in case it is the secret: --${option} takes the variable's name)`,
      );
    return v;
  });
}

/** The provider named by --provider, one of those that send webhooks. */
function webhookProviderOf(v: string | undefined): { spec: ProviderSpec; webhooks: WebhookSpec } {
  const found = providersWithWebhooks().find((p) => p.spec.id === v);
  if (found) return found;
  const known = PROVIDERS.find((p) => p.id === v);
  if (known) usageError(`${known.displayName} sends no webhooks: --provider must be ${webhookProviderIds()}`);
  usageError(`--provider must be ${webhookProviderIds()} (got ${quotedValue(v)})`);
}

/** "helcim or gr4vy" */
function webhookProviderIds(): string {
  const ids = providersWithWebhooks().map((p) => p.spec.id);
  return ids.length > 1 ? `${ids.slice(0, -1).join(', ')} or ${ids.at(-1) ?? ''}` : (ids[0] ?? '');
}

/** The webhook secrets from --secret-env to verify with, at most as many as the provider holds at once. */
function webhookSecretsFrom(
  io: CliIo,
  parsed: { args: readonly string[]; tokens: readonly ArgToken[]; names: readonly string[] | undefined },
  { spec, webhooks }: { spec: ProviderSpec; webhooks: WebhookSpec },
): string[] {
  const secrets = secretsFrom(io, parsed, 'secret-env', webhooks.webhookSecretNoun);
  if (webhooks.maxSecrets === 1 && secrets.length > 1)
    usageError(`${spec.displayName} has one ${webhooks.webhookSecretNoun}: give one --secret-env`);
  const most = webhooks.maxSecrets === 2 ? 'two' : String(webhooks.maxSecrets);
  if (secrets.length > webhooks.maxSecrets)
    usageError(`Give at most ${most} secrets (the new and the old one, during a rotation)`);
  return secrets;
}

function report(io: CliIo, v: WebhookVerdict, format: string | undefined): ExitCode {
  if (format === 'json') io.stdout(`${JSON.stringify(v, null, 2)}\n`);
  else {
    const summary = escapeText(v.summary.replace(/^(Not verified|Verified): /, ''));
    io.stdout(`${v.ok ? 'verified' : 'not verified'}: ${summary}\n`);
    for (const c of v.causes)
      io.stdout(`  cause ${escapeText(c.cause)}: ${escapeText(c.message)}\n    ${escapeText(c.advice)}\n`);
    for (const c of v.checks) io.stdout(`  - ${escapeText(c)}\n`);
  }
  return v.ok ? ExitCodes.ok : ExitCodes.failure;
}

function formatOf(v: string | undefined): 'text' | 'json' {
  if (v !== undefined && v !== 'text' && v !== 'json')
    usageError(`--format must be text or json (got ${quotedValue(v)})`);
  return v ?? 'text';
}

const VERIFY_OPTIONS = {
  provider: { type: 'string' },
  'secret-env': { type: 'string', multiple: true },
  request: { type: 'string' },
  'tolerance-s': { type: 'string' },
  format: { type: 'string' },
} as const;

async function verifyWebhook(args: string[], io: CliIo): Promise<ExitCode> {
  const advice = 'the request comes from --request FILE or stdin';
  const { values, tokens } = parseOptionsOnly(io, args, VERIFY_OPTIONS, advice);
  const provider = webhookProviderOf(values.provider);
  const format = formatOf(values.format);
  const secrets = webhookSecretsFrom(io, { args, tokens, names: values['secret-env'] }, provider);
  const tol = values['tolerance-s'];
  const toleranceS = tol === undefined ? undefined : Number(tol);
  if (toleranceS !== undefined && (!Number.isInteger(toleranceS) || toleranceS < 0 || toleranceS > 30 * 86400))
    usageError(`--tolerance-s must be a whole number of seconds from 0 to 2592000 (got ${quotedValue(tol)})`);
  const text = values.request ? await readInputFile(io, values.request, 'the request') : await io.readStdin();
  let req;
  try {
    req = parseRawRequest(text);
  } catch (e) {
    throw new AppError(ErrorCodes.invalidInput, `The request cannot be read: ${(e as Error).message}`);
  }
  const opts = toleranceS === undefined ? {} : { toleranceS };
  return report(io, provider.webhooks.verify(req, secrets, opts), format);
}

async function sendWebhook(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, tokens } = parseOptionsOnly(io, args, {
    provider: { type: 'string' },
    'secret-env': { type: 'string', multiple: true },
    to: { type: 'string' },
    event: { type: 'string' },
    'timeout-ms': { type: 'string' },
  });
  const provider = webhookProviderOf(values.provider);
  const names = values['secret-env'];
  const secrets = secretsFrom(io, { args, tokens, names }, 'secret-env', provider.webhooks.webhookSecretNoun);
  if (!values.to)
    usageError('--to URL is required: your webhook handler on this machine, e.g. http://localhost:3000/webhooks');
  const body = values.event ? await readInputFile(io, values.event, 'the event') : provider.webhooks.sampleEvent();
  const d = signDelivery(provider.spec.id, secrets, body);
  const r = await deliver(values.to, d, { timeoutMs: timeoutOf(values['timeout-ms']) });
  const id = d.headers[provider.webhooks.idHeader] ?? '';
  const ok = r.status >= 200 && r.status < 300;
  io.stdout(`${ok ? 'delivered' : 'refused'}: HTTP ${r.status} in ${r.latencyMs} ms (id ${escapeText(id)})\n`);
  if (!ok && r.snippet) io.stdout(`  the handler said: ${escapeText(r.snippet.replace(/\s+/g, ' ').slice(0, 200))}\n`);
  return ok ? ExitCodes.ok : ExitCodes.failure;
}

export const webhookCommand = createActionCommand({
  summary: `verify a captured ${PROVIDER_NAMES} webhook and say why it fails; send a signed test event`,
  usage: WEBHOOK_USAGE,
  actions: { verify: verifyWebhook, send: sendWebhook },
});

const HELCIMPAY_OPTIONS = {
  'secret-token-env': { type: 'string' },
  response: { type: 'string' },
  format: { type: 'string' },
} as const;

async function verifyHelcimPay(args: string[], io: CliIo): Promise<ExitCode> {
  const advice = 'the response comes from --response FILE or stdin';
  const { values, tokens } = parseOptionsOnly(io, args, HELCIMPAY_OPTIONS, advice);
  const format = formatOf(values.format);
  const name = values['secret-token-env'];
  const [token = ''] = secretsFrom(
    io,
    { args, tokens, names: name ? [name] : undefined },
    'secret-token-env',
    'secretToken',
  );
  const text = values.response ? await readInputFile(io, values.response, 'the response') : await io.readStdin();
  return report(io, verifyHelcimPayResponse(text, token), format);
}

export const helcimPayCommand = createActionCommand({
  summary: HELCIMPAY_SUMMARY,
  usage: HELCIMPAY_USAGE,
  actions: { verify: verifyHelcimPay },
});
