import { type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { type JWK, calculateJwkThumbprint } from 'jose';
import { AppError, ErrorCodes } from '../errors';

/** How the key was written down when we read it. */
export type KeyFormat = 'pkcs8' | 'sec1' | 'jwk';

/** A private signing key for Gr4vy, read and checked. */
export interface SigningKey {
  format: KeyFormat;
  /** Human name of the format, for messages: "PKCS#8 PEM". */
  formatName: string;
  algorithm: 'ES512';
  curve: 'P-521';
  /** RFC 7638 SHA-256 thumbprint of the public key, base64url: Gr4vy's `kid`. */
  kid: string;
  /** The public half as a JWK with full-length coordinates. */
  publicJwk: { kty: 'EC'; crv: 'P-521'; x: string; y: string };
  /** The private key, for signing; never serialised anywhere but SecretStorage. */
  keyObject: KeyObject;
  /** The key as PKCS#8 PEM: the one form we store. */
  pkcs8Pem: string;
}

const FORMAT_NAMES: Record<KeyFormat, string> = {
  pkcs8: 'PKCS#8 PEM',
  sec1: 'SEC1 PEM (EC PRIVATE KEY)',
  jwk: 'private JWK',
};
/** P-521 coordinates are 521 bits: 66 bytes, the first of which is often zero. */
const P521_COORDINATE_BYTES = 66;

function invalid(message: string, hint?: string): AppError {
  return new AppError(ErrorCodes.invalidInput, message, hint === undefined ? {} : { hint });
}
function unsupported(message: string, hint?: string): AppError {
  return new AppError(ErrorCodes.unsupported, message, hint === undefined ? {} : { hint });
}

const HOW_TO_GET_A_KEY =
  'Use the private key file downloaded when the API key was created in the Gr4vy dashboard (Integrations > API keys).';

/**
 * Reads a Gr4vy private key from text: PKCS#8 PEM, SEC1 PEM or a private JWK (also with `\n`
 * escapes, CRLF line ends, indentation or surrounding quotes, as keys are found in .env files).
 * Throws an {@link AppError} that names the problem for a public key, a certificate, an encrypted,
 * truncated or damaged key, a key that is not EC P-521, an RSA or OpenSSH key.
 *
 * @example
 * const key = await readSigningKey(fs.readFileSync('private_key.pem', 'utf8'));
 * key.kid // '…' (the JWK thumbprint Gr4vy shows as the key id)
 */
export async function readSigningKey(input: string): Promise<SigningKey> {
  const text = normaliseKeyText(input);
  if (text === '') throw invalid('The key is empty', HOW_TO_GET_A_KEY);
  if (text.startsWith('{') || text.startsWith('[')) return fromJwkText(text);
  if (text.includes('-----BEGIN')) return fromPem(text);
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && text.length > 100) {
    throw invalid(
      'This looks like the body of a PEM key without its BEGIN and END lines',
      'Copy the whole file, including the "-----BEGIN …" and "-----END …" lines.',
    );
  }
  throw invalid('This is not a PEM key or a JWK', HOW_TO_GET_A_KEY);
}

/** Undoes the ways keys get mangled on their way through .env files and clipboards. */
function normaliseKeyText(input: string): string {
  let s = input.trim();
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) s = s.slice(1, -1).trim();
  if (!s.includes('\n') && s.includes('\\n')) s = s.replace(/\\r\\n|\\n/g, '\n');
  s = s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .join('\n');
  // A PEM pasted into a one-line input box arrives with spaces where its line breaks were.
  if (!s.includes('\n'))
    s = s.replace(/(-----BEGIN [A-Z0-9 ]+-----)\s*/, '$1\n').replace(/\s*(-----END [A-Z0-9 ]+-----)/, '\n$1');
  return s;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)(?:-----END ([A-Z0-9 ]+)-----|$)/;

async function fromPem(text: string): Promise<SigningKey> {
  const m = PEM_BLOCK.exec(text);
  if (!m) throw invalid('The PEM header is malformed', HOW_TO_GET_A_KEY);
  const label = m[1] ?? '';
  const body = m[2] ?? '';
  const endLabel = m[3];
  switch (label) {
    case 'PUBLIC KEY':
    case 'EC PUBLIC KEY':
      throw unsupported('This is a public key; signing needs the private key', HOW_TO_GET_A_KEY);
    case 'CERTIFICATE':
    case 'TRUSTED CERTIFICATE':
      throw unsupported('This is a certificate, not a private key', HOW_TO_GET_A_KEY);
    case 'ENCRYPTED PRIVATE KEY':
      throw unsupported(
        'This private key is encrypted with a passphrase',
        'Decrypt it first, e.g. `openssl pkcs8 -in encrypted.pem -out key.pem`, and keep the decrypted file out of your repository.',
      );
    case 'RSA PRIVATE KEY':
      throw unsupported(
        'This is an RSA key; Gr4vy keys for the SDKs and this extension are ECDSA P-521 (ES512)',
        'Create an ECDSA key in the Gr4vy dashboard.',
      );
    case 'OPENSSH PRIVATE KEY':
      throw unsupported('This is an OpenSSH key, not a Gr4vy API key', HOW_TO_GET_A_KEY);
    case 'PRIVATE KEY':
    case 'EC PRIVATE KEY':
      break;
    default:
      throw unsupported(`A PEM block of type "${label}" is not a private key`, HOW_TO_GET_A_KEY);
  }
  if (endLabel === undefined) {
    throw invalid(
      'The key is truncated: its "-----END" line is missing',
      'Copy the whole key file again, up to and including the END line.',
    );
  }
  if (endLabel !== label)
    throw invalid(
      `The key's BEGIN and END lines do not match (${label} / ${endLabel})`,
      'Copy the whole key file again.',
    );
  const lines = body.split('\n').filter((l) => l !== '');
  if (lines.some((l) => /^Proc-Type:.*ENCRYPTED/i.test(l) || /^DEK-Info:/i.test(l))) {
    throw unsupported(
      'This private key is encrypted with a passphrase',
      'Decrypt it first, e.g. `openssl ec -in encrypted.pem -out key.pem`.',
    );
  }
  const b64 = lines.join('').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
    throw invalid('The key body is damaged: it is not valid base64', 'Copy the whole key file again.');
  const format: KeyFormat = label === 'PRIVATE KEY' ? 'pkcs8' : 'sec1';
  const der = Buffer.from(b64, 'base64');
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: der, format: 'der', type: format });
  } catch {
    // Bytes cut short or altered do not parse; a well-formed key of another type is refused below.
    throw invalid(
      'The key body is damaged or truncated: it does not decode as a private key',
      'Copy the whole key file again.',
    );
  }
  return describeKey(keyObject, format);
}

async function fromJwkText(text: string): Promise<SigningKey> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('The key looks like JSON but does not parse', 'Paste the whole JWK object.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalid('A JWK must be a JSON object');
  const o = parsed as Record<string, unknown>;
  if (Array.isArray(o.keys))
    throw invalid('This is a JWK Set (several keys)', 'Paste the single private key object from it.');
  if (typeof o.kty !== 'string') throw invalid('This JSON is not a JWK: it has no "kty" member');
  if (o.kty === 'RSA')
    throw unsupported(
      'This is an RSA JWK; Gr4vy keys for the SDKs and this extension are ECDSA P-521 (ES512)',
      'Create an ECDSA key in the Gr4vy dashboard.',
    );
  if (o.kty !== 'EC') throw unsupported(`A JWK with kty "${o.kty}" cannot sign ES512 tokens`, 'Use an EC P-521 key.');
  if (o.crv !== 'P-521')
    throw unsupported(
      `This EC key is on curve ${typeof o.crv === 'string' ? o.crv : '(none)'}; ES512 needs P-521`,
      'Use the P-521 key from the Gr4vy dashboard.',
    );
  if (typeof o.d !== 'string')
    throw unsupported('This is a public JWK (it has no "d" member); signing needs the private key', HOW_TO_GET_A_KEY);
  for (const c of ['x', 'y', 'd'] as const) {
    if (typeof o[c] !== 'string' || !/^[A-Za-z0-9_-]+$/.test(o[c]))
      throw invalid(`The JWK member "${c}" is missing or not base64url`);
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({
      key: { kty: 'EC', crv: 'P-521', x: o.x as string, y: o.y as string, d: o.d },
      format: 'jwk',
    });
  } catch {
    throw invalid('The JWK does not describe a valid P-521 private key (x, y and d do not fit together)');
  }
  return describeKey(keyObject, 'jwk');
}

async function describeKey(keyObject: KeyObject, format: KeyFormat): Promise<SigningKey> {
  if (keyObject.asymmetricKeyType === 'rsa' || keyObject.asymmetricKeyType === 'rsa-pss') {
    throw unsupported(
      'This is an RSA key; Gr4vy keys for the SDKs and this extension are ECDSA P-521 (ES512)',
      'Create an ECDSA key in the Gr4vy dashboard.',
    );
  }
  if (keyObject.asymmetricKeyType !== 'ec') {
    throw unsupported(
      `This is a ${keyObject.asymmetricKeyType ?? 'non-EC'} key; ES512 needs an EC P-521 key`,
      HOW_TO_GET_A_KEY,
    );
  }
  const curve = keyObject.asymmetricKeyDetails?.namedCurve;
  if (curve !== 'secp521r1') {
    const name = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : (curve ?? 'an unknown curve');
    throw unsupported(`This EC key is on ${name}; ES512 needs P-521`, 'Use the P-521 key from the Gr4vy dashboard.');
  }
  const jwk = createPublicKey(keyObject).export({ format: 'jwk' }) as JWK;
  const publicJwk = { kty: 'EC' as const, crv: 'P-521' as const, x: fullLength(jwk.x), y: fullLength(jwk.y) };
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const pkcs8Pem = keyObject.export({ format: 'pem', type: 'pkcs8' }).toString();
  return {
    format,
    formatName: FORMAT_NAMES[format],
    algorithm: 'ES512',
    curve: 'P-521',
    kid,
    publicJwk,
    keyObject,
    pkcs8Pem,
  };
}

/**
 * A P-521 coordinate in its full 66-byte form. A thumbprint over a shortened coordinate (leading
 * zero bytes dropped, as some encoders do) gives a kid Gr4vy rejects with 401.
 */
function fullLength(coordinate: string | undefined): string {
  const bytes = Buffer.from(coordinate ?? '', 'base64url');
  if (bytes.length > P521_COORDINATE_BYTES || bytes.length === 0) throw invalid('The key has a malformed public point');
  if (bytes.length === P521_COORDINATE_BYTES) return bytes.toString('base64url');
  return Buffer.concat([Buffer.alloc(P521_COORDINATE_BYTES - bytes.length), bytes]).toString('base64url');
}
