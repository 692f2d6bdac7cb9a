import { type KeyObject } from 'node:crypto';
import { type JWK, calculateJwkThumbprint } from 'jose';
import { clip, invalidInput, unsupported } from '../errors';
import { tryParseJson } from '../jsonLimits';

/**
 * The one place keys are read as text: clean-up of pasted or .env-mangled text, PEM blocks and their
 * labels, EC curves and full-length coordinates, thumbprints. Signing keys (privateKey.ts) and
 * verification keys (publicKey.ts) are both read through it.
 */

/** The EC curves used for JWTs: their JWS algorithm, JWK name and coordinate length in bytes. */
export const EC_CURVES: Record<string, { alg: string; crv: string; bytes: number }> = {
  prime256v1: { alg: 'ES256', crv: 'P-256', bytes: 32 },
  secp384r1: { alg: 'ES384', crv: 'P-384', bytes: 48 },
  secp521r1: { alg: 'ES512', crv: 'P-521', bytes: 66 },
};

/**
 * Undoes the ways keys get mangled on their way through .env files and clipboards: surrounding
 * quotes, `\n` escapes, CRLF line ends, indentation, a PEM pasted into a one-line box.
 */
export function normaliseKeyText(input: string): string {
  let s = input.trim();
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) s = s.slice(1, -1).trim();
  if (!s.includes('\n') && s.includes('\\n')) s = s.replace(/\\r\\n|\\n/g, '\n');
  s = s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .join('\n');
  // A PEM pasted into a one-line input box arrives with spaces where its line breaks were.
  if (!s.includes('\n')) {
    s = s.replace(/(-----BEGIN [A-Z0-9 ]+-----)\s*/, '$1\n');
    // Not `\s*(-----END…)`: that starts at every space of a long run and reads the rest of it.
    const end = /-----END [A-Z0-9 ]+-----/.exec(s);
    if (end) s = `${s.slice(0, end.index).trimEnd()}\n${s.slice(end.index)}`;
  }
  return s;
}

/** A PEM block as found in text: its label, its body lines, and the END label (undefined when cut off). */
export interface PemBlock {
  label: string;
  lines: string[];
  endLabel: string | undefined;
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/;
const PEM_END = /-----END ([A-Z0-9 ]+)-----/g;

/**
 * The first PEM block in normalised text (after a leading EC PARAMETERS block); undefined when
 * there is no BEGIN line.
 */
export function findPemBlock(pem: string): PemBlock | undefined {
  // `openssl ecparam -genkey` writes the curve's parameters first: the key is the block after them.
  const text = withoutEcParameters(pem);
  // Two searches, not one pattern with a lazy `[\s\S]*?` body: that shape reads to the end of the
  // text from every BEGIN line that has no END after it.
  const begin = PEM_BEGIN.exec(text);
  if (!begin) return undefined;
  const bodyStart = begin.index + begin[0].length;
  PEM_END.lastIndex = bodyStart;
  const end = PEM_END.exec(text);
  const body = text.slice(bodyStart, end ? end.index : text.length);
  return { label: begin[1] ?? '', lines: body.split('\n').filter((l) => l !== ''), endLabel: end?.[1] };
}

/** Whether a PEM block's headers say it is encrypted the legacy OpenSSL way (Proc-Type, DEK-Info). */
export function hasLegacyEncryption(block: PemBlock): boolean {
  return block.lines.some((l) => /^Proc-Type:.*ENCRYPTED/i.test(l) || /^DEK-Info:/i.test(l));
}

/** The DER bytes of a complete PEM block; throws naming a truncated, mismatched or damaged block. */
export function pemBody(block: PemBlock, what = 'key'): Buffer {
  if (block.endLabel === undefined) {
    throw invalidInput(
      `The ${what} is truncated: its "-----END" line is missing`,
      'Copy the whole file again, up to and including the END line.',
    );
  }
  if (block.endLabel !== block.label) {
    throw invalidInput(
      `The ${what}'s BEGIN and END lines do not match (${clip(block.label, 40)} / ${clip(block.endLabel ?? '', 40)})`,
      'Copy the whole file again.',
    );
  }
  const b64 = block.lines.join('').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    throw invalidInput(`The ${what} body is damaged: it is not valid base64`, 'Copy the whole file again.');
  }
  return Buffer.from(b64, 'base64');
}

/** Parses JSON text that should be a single JWK object; throws naming what it is instead. */
export function parseJwkText(text: string): Record<string, unknown> {
  const parsed = tryParseJson(text)?.value;
  if (parsed === undefined)
    throw invalidInput('The key looks like JSON but does not parse', 'Paste the whole JWK object.');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidInput('A JWK must be a JSON object');
  }
  const o = parsed as Record<string, unknown>;
  if (Array.isArray(o.keys))
    throw invalidInput('This is a JWK Set (several keys)', 'Paste the single key object from it.');
  if (typeof o.kty !== 'string') throw invalidInput('This JSON is not a JWK: it has no "kty" member');
  return o;
}

/**
 * An EC coordinate in its curve's full length. A thumbprint over a shortened coordinate (leading
 * zero bytes dropped, as some encoders do) gives a kid Gr4vy rejects with 401.
 */
export function fullLengthCoordinate(coordinate: string | undefined, bytes: number): string {
  const b = Buffer.from(coordinate ?? '', 'base64url');
  if (b.length > bytes || b.length === 0) throw invalidInput('The key has a malformed public point');
  return (b.length === bytes ? b : Buffer.concat([Buffer.alloc(bytes - b.length), b])).toString('base64url');
}

/** A public key's JWS algorithms, RFC 7638 SHA-256 thumbprint and a short name ("EC P-521"). */
export async function describePublicKey(
  pub: KeyObject,
): Promise<{ algorithms: string[]; thumbprint: string; name: string }> {
  const jwk = pub.export({ format: 'jwk' }) as JWK;
  if (pub.asymmetricKeyType === 'ec') {
    const curve = EC_CURVES[pub.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!curve) {
      throw unsupported(`EC curve ${pub.asymmetricKeyDetails?.namedCurve ?? '(unknown)'} is not used for JWTs`);
    }
    const x = fullLengthCoordinate(jwk.x, curve.bytes);
    const y = fullLengthCoordinate(jwk.y, curve.bytes);
    const thumbprint = await calculateJwkThumbprint({ kty: 'EC', crv: curve.crv, x, y }, 'sha256');
    return { algorithms: [curve.alg], thumbprint, name: `EC ${curve.crv}` };
  }
  if (pub.asymmetricKeyType === 'rsa') {
    return {
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
      thumbprint: await calculateJwkThumbprint(jwk, 'sha256'),
      name: `RSA ${pub.asymmetricKeyDetails?.modulusLength ?? ''}-bit`.trim(),
    };
  }
  if (pub.asymmetricKeyType === 'ed25519') {
    return {
      algorithms: ['EdDSA', 'Ed25519'],
      thumbprint: await calculateJwkThumbprint(jwk, 'sha256'),
      name: 'Ed25519',
    };
  }
  throw unsupported(`${pub.asymmetricKeyType ?? 'This'} keys are not used for JWTs here`);
}

/** `openssl ecparam -genkey` writes the curve's parameters as a block of their own before the key. */
const EC_PARAMETERS_BEGIN = '-----BEGIN EC PARAMETERS-----';
const EC_PARAMETERS_END = '-----END EC PARAMETERS-----';

/** `text` without a leading EC PARAMETERS block. */
function withoutEcParameters(text: string): string {
  if (!text.startsWith(EC_PARAMETERS_BEGIN)) return text;
  const end = text.indexOf(EC_PARAMETERS_END, EC_PARAMETERS_BEGIN.length);
  return end < 0 ? text : text.slice(end + EC_PARAMETERS_END.length).trimStart();
}
