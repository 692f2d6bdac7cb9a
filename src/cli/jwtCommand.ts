import { parseDuration, parseEmbedJson } from '../core/jwt/claimInput';
import { decodeJwt } from '../core/jwt/decode';
import { explainJwt } from '../core/jwt/explain';
import { verifyJwt } from '../core/jwt/verify';
import { readVerificationKey, verificationKeyOf } from '../core/keys/publicKey';
import { jwtSigners } from '../core/providers/registry';
import type { JwtSigningSpec } from '../core/providers/types';
import { escapeText } from '../core/text/escape';
import {
  type CliIo,
  type ExitCode,
  ExitCodes,
  createActionCommand,
  parseOptions,
  parseOptionsOnly,
  readKeyOption,
  usageError,
} from './io';

/** The provider `jwt sign` and `jwt resign` sign for: the first that signs JWTs (today the only one). */
function signer(): { name: string; jwt: JwtSigningSpec } {
  const first = jwtSigners()[0];
  if (!first) throw new Error('No provider signs JWTs');
  return { name: first.spec.displayName, jwt: first.jwt };
}

const usage = (name: string) => `Usage:
  payapi jwt decode [TOKEN]           prints {header, payload, notes} as JSON (TOKEN or standard input)
  payapi jwt verify [TOKEN] --key FILE [--ignore-expiry]
      exit 0 valid, 1 invalid (the reason is printed); FILE: public key, certificate, private key or JWK
  payapi jwt resign [TOKEN] --key FILE [--expires-in 30s]
      checks the token's signature with the ${name} private key in FILE (expiry ignored) and prints a
      fresh token with its scopes, embed pins and checkout session id (as the SDKs' updateToken);
      exit 1 when the signature does not match the key
  payapi jwt sign --key FILE [--scopes a,b] [--expires-in 30s] [--embed JSON]
      [--checkout-session-id ID] [--issuer ISS]
      prints a ${name} token signed with the private key in FILE (- for standard input): ES512 for an EC
      P-521 key, RS512 for an RSA key`;

async function tokenFrom(positionals: string[], io: CliIo): Promise<string> {
  if (positionals.length > 1) usageError('Give one token (or none, to read standard input)');
  const t = positionals[0] ?? (await io.readStdin());
  if (t.trim() === '') usageError('No token: pass it as an argument or on standard input');
  return t;
}

async function decode(args: string[], io: CliIo): Promise<ExitCode> {
  const { positionals } = parseOptions(args, {});
  const d = decodeJwt(await tokenFrom(positionals, io));
  const notes = explainJwt(d);
  io.stdout(
    `${JSON.stringify({ header: d.header, payload: d.payload, signatureBytes: d.signatureLength, notes }, null, 2)}\n`,
  );
  return ExitCodes.ok;
}

async function verify(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, { key: { type: 'string' }, 'ignore-expiry': { type: 'boolean' } });
  if (typeof values.key !== 'string') usageError('--key FILE is required');
  if (values.key === '-' && positionals.length === 0)
    usageError('Standard input cannot hold both the token and the key: pass the token as an argument');
  const token = await tokenFrom(positionals, io);
  const key = await readKeyOption(io, values.key, readVerificationKey);
  const r = await verifyJwt(token, key, { ignoreExpiry: values['ignore-expiry'] === true });
  io.stdout(`${r.ok ? 'valid' : `invalid (${r.code})`}: ${escapeText(r.message)}\n`);
  return r.ok ? ExitCodes.ok : ExitCodes.failure;
}

const SIGN_OPTIONS = {
  key: { type: 'string' },
  scopes: { type: 'string' },
  'expires-in': { type: 'string' },
  embed: { type: 'string' },
  'checkout-session-id': { type: 'string' },
  issuer: { type: 'string' },
} as const;

async function sign(args: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptionsOnly(io, args, SIGN_OPTIONS, "'jwt sign' takes no token");
  const { name, jwt } = signer();
  if (typeof values.key !== 'string') usageError(`--key FILE is required (the ${name} private key)`);
  const key = await readKeyOption(io, values.key, (text) => jwt.readKey(text));
  const embed = typeof values.embed === 'string' ? parseEmbedJson(values.embed, '--embed') : undefined;
  const scopes = typeof values.scopes === 'string' ? jwt.parseScopes(values.scopes) : undefined;
  if (jwt.dropsEmbed({ ...(scopes ? { scopes } : {}), ...(embed ? { embed } : {}) })) {
    io.stderr(`payapi jwt sign: --embed is left out: the token has no "embed" scope (as the ${name} SDKs do)\n`);
  }
  const token = await jwt.sign(key, {
    ...(scopes ? { scopes } : {}),
    ...(typeof values['expires-in'] === 'string' ? { expiresInSeconds: parseDuration(values['expires-in']) } : {}),
    ...(embed ? { embed } : {}),
    ...(typeof values['checkout-session-id'] === 'string' ? { checkoutSessionId: values['checkout-session-id'] } : {}),
    ...(typeof values.issuer === 'string' ? { issuer: values.issuer } : {}),
  });
  io.stdout(`${token}\n`);
  return ExitCodes.ok;
}

async function resign(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, { key: { type: 'string' }, 'expires-in': { type: 'string' } });
  const { name, jwt } = signer();
  if (typeof values.key !== 'string')
    usageError(`--key FILE is required (the ${name} private key that signed the token)`);
  if (values.key === '-' && positionals.length === 0) {
    usageError('Standard input cannot hold both the token and the key: pass the token as an argument');
  }
  const token = await tokenFrom(positionals, io);
  const key = await readKeyOption(io, values.key, (text) => jwt.readKey(text));
  const check = await verifyJwt(token, verificationKeyOf(key, `${name} key`), { ignoreExpiry: true });
  if (!check.ok) {
    io.stdout(`not re-signed (${check.code}): ${escapeText(check.message)}\n`);
    return ExitCodes.failure;
  }
  const expiresIn = typeof values['expires-in'] === 'string' ? parseDuration(values['expires-in']) : undefined;
  io.stdout(`${await jwt.resign(key, token, expiresIn ? { expiresInSeconds: expiresIn } : {})}\n`);
  return ExitCodes.ok;
}

export const jwtCommand = createActionCommand({
  get summary() {
    return `decode, verify and sign JWTs (${jwtSigners()
      .map((s) => s.spec.displayName)
      .join(', ')}-aware)`;
  },
  get usage() {
    return usage(signer().name);
  },
  actions: { decode, verify, sign, resign },
});
