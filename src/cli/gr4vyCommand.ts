import { parseEmbedJson } from '../core/jwt/sign';
import { embedToken } from '../core/providers/gr4vy/embed';
import { GR4VY_TARGET_OPTIONS } from '../core/providers/gr4vy/cli';
import { gr4vyTargetOf, requestOptionsOf } from './gr4vyOptions';
import {
  type CliIo,
  type ExitCode,
  ExitCodes,
  type Subcommand,
  dispatch,
  parseOptions,
  refusePositionals,
  usageError,
} from './io';

const USAGE = `Usage:
  payapi gr4vy embed --instance ID --key FILE [--environment sandbox|production]
      [--merchant-account-id ID] [--amount N --currency C] [--buyer-external-identifier ID]
      [--buyer-id ID] [--embed JSON] [--checkout-session] [--base-url URL] [--timeout-ms N]
      Prints an Embed token (scope embed, one hour) pinning the given values. With
      --checkout-session, first creates a checkout session (POST /checkout/sessions) and pins its
      id, as the SDKs' getEmbedTokenWithCheckoutSession does; the session id is printed on a second
      line. Exit codes: 0 token printed, 1 Gr4vy refused or could not be reached, 2 usage or I/O error.`;

const EMBED_OPTIONS = {
  ...Object.fromEntries(
    ['amount', 'currency', 'buyer-external-identifier', 'buyer-id', 'embed'].map(
      (n) => [n, { type: 'string' }] as const,
    ),
  ),
  'checkout-session': { type: 'boolean' },
} as const;

/** The embed pins from --embed JSON and the single-value options (which win). */
function pinsOf(values: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const pins: Record<string, unknown> = typeof values.embed === 'string' ? parseEmbedJson(values.embed, '--embed') : {};
  if (values.amount !== undefined) {
    const amount = Number(values.amount);
    if (!Number.isInteger(amount) || amount < 0)
      usageError('--amount must be a whole number of minor units, e.g. 1299');
    pins.amount = amount;
  }
  if (typeof values.currency === 'string') {
    if (!/^[A-Z]{3}$/.test(values.currency)) usageError('--currency must be an ISO 4217 code such as USD');
    pins.currency = values.currency;
  }
  if (typeof values['buyer-external-identifier'] === 'string') {
    pins.buyerExternalIdentifier = values['buyer-external-identifier'];
  }
  if (typeof values['buyer-id'] === 'string') pins.buyerId = values['buyer-id'];
  return pins;
}

async function embed(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, tokens } = parseOptions(args, { ...GR4VY_TARGET_OPTIONS, ...EMBED_OPTIONS });
  refusePositionals(io, args, tokens);
  const pins = pinsOf(values);
  const target = await gr4vyTargetOf(values, io);
  if (target.merchantAccountId && pins.merchantAccountId === undefined)
    pins.merchantAccountId = target.merchantAccountId;
  const r = await embedToken(target, pins, values['checkout-session'] === true, requestOptionsOf(values, io));
  if (!r.ok) {
    io.stdout(`checkout session not created (${r.failure.outcome}): ${r.failure.message}\n`);
    if (r.failure.advice) io.stdout(`  ${r.failure.advice}\n`);
    return ExitCodes.failure;
  }
  io.stdout(`${r.token}\n`);
  if (r.checkoutSessionId) io.stdout(`checkout_session_id ${r.checkoutSessionId}\n`);
  return ExitCodes.ok;
}

export const gr4vyCommand: Subcommand = {
  summary: 'Gr4vy Embed tokens, with a checkout session',
  usage: USAGE,
  run: (args, io) => dispatch(args, io, 'an action', { embed }, USAGE),
};
