import { type KeyObject, createECDH, createPrivateKey } from 'node:crypto';
import { type JWK, calculateJwkThumbprint } from 'jose';
import { clip, invalidInput, unsupported } from '../errors';
import { RSA_ALGORITHM, type RsaPublicJwk, describeRsaKey, rsaKeyFromJwk } from './rsaKey';
import {
  findPemBlock,
  fullLengthCoordinate,
  hasLegacyEncryption,
  normaliseKeyText,
  parseJwkText,
  pemBody,
} from './keyText';

/** How the key was written down when we read it. */
export type KeyFormat = 'pkcs8' | 'sec1' | 'pkcs1' | 'jwk';

/** A private signing key, read and checked: EC P-521 (ES512), or RSA of 2048 bits or more (RS512). */
export interface SigningKey {
  format: KeyFormat;
  /** Human name of the format, for messages: "PKCS#8 PEM". */
  formatName: string;
  algorithm: 'ES512' | typeof RSA_ALGORITHM;
  /** For people: "EC P-521", "RSA 3072-bit". */
  keyType: string;
  /** RFC 7638 SHA-256 thumbprint of the public key, base64url: the `kid` its tokens carry. */
  kid: string;
  /** The public half as a JWK (EC coordinates full-length): what the thumbprint covers. */
  publicJwk: { kty: 'EC'; crv: 'P-521'; x: string; y: string } | RsaPublicJwk;
  /** The private key, for signing; never serialised anywhere but SecretStorage. */
  keyObject: KeyObject;
  /** The key as PKCS#8 PEM: the one form we store. */
  pkcs8Pem: string;
}

const FORMAT_NAMES: Record<KeyFormat, string> = {
  pkcs8: 'PKCS#8 PEM',
  sec1: 'SEC1 PEM (EC PRIVATE KEY)',
  pkcs1: 'PKCS#1 PEM (RSA PRIVATE KEY)',
  jwk: 'private JWK',
};
/** P-521 coordinates are 521 bits: 66 bytes, the first of which is often zero. */
const P521_BYTES = 66;

/**
 * What a provider whose accounts sign with keys tells people about them: its name, for "keys for
 * <name>'s SDKs", and where a key is obtained (the advice for most refusals).
 */
export interface KeyAdvice {
  provider: string;
  /** "Use the private key file downloaded when …". */
  howToGet: string;
  /** "… in <where>": the page where a new key is created. */
  createdIn: string;
  /** Whether RSA keys (RS512) are accepted beside EC P-521 (ES512). */
  acceptsRsa: boolean;
}

/** Advice that names no provider, for keys read without an account (tests, `jwt verify`). */
export const NEUTRAL_KEY_ADVICE: KeyAdvice = {
  provider: 'API',
  howToGet: "Use the private key file downloaded when the API key was created in the provider's dashboard.",
  createdIn: "the provider's dashboard",
  acceptsRsa: true,
};

/**
 * Reads a signing private key from text: PKCS#8 PEM, SEC1 PEM or a private JWK (also with `\n`
 * escapes, CRLF line ends, indentation or surrounding quotes, as keys are found in .env files).
 * Throws an {@link AppError} that names the problem for a public key, a certificate, an encrypted,
 * truncated or damaged key, a key that is not EC P-521, an RSA or OpenSSH key.
 *
 * @example
 * const key = await readSigningKey(fs.readFileSync('private_key.pem', 'utf8'));
 * key.kid // '…' (the JWK thumbprint the provider shows as the key id)
 */
export async function readSigningKey(input: string, advice: KeyAdvice = NEUTRAL_KEY_ADVICE): Promise<SigningKey> {
  const text = normaliseKeyText(input);
  if (text === '') throw invalidInput('The key is empty', advice.howToGet);
  if (text.startsWith('{') || text.startsWith('[')) return fromJwkText(text, advice);
  if (text.includes('-----BEGIN')) return fromPem(text, advice);
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && text.length > 100) {
    throw invalidInput(
      'This looks like the body of a PEM key without its BEGIN and END lines',
      'Copy the whole file, including the "-----BEGIN …" and "-----END …" lines.',
    );
  }
  throw invalidInput('This is not a PEM key or a JWK', advice.howToGet);
}

async function fromPem(text: string, advice: KeyAdvice): Promise<SigningKey> {
  const block = findPemBlock(text);
  if (!block) throw invalidInput('The PEM header is malformed', advice.howToGet);
  refuseNonSigningLabel(block.label, advice);
  if (block.endLabel !== undefined && hasLegacyEncryption(block)) {
    throw unsupported(
      'This private key is encrypted with a passphrase',
      'Decrypt it first, e.g. `openssl ec -in encrypted.pem -out key.pem`.',
    );
  }
  const der = pemBody(block);
  const format: KeyFormat =
    block.label === 'PRIVATE KEY' ? 'pkcs8' : block.label === 'RSA PRIVATE KEY' ? 'pkcs1' : 'sec1';
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: der, format: 'der', type: format });
  } catch {
    // Bytes cut short or altered do not parse; a well-formed key of another type is refused below.
    throw invalidInput(
      'The key body is damaged or truncated: it does not decode as a private key',
      'Copy the whole key file again.',
    );
  }
  return describeKey(keyObject, format, advice);
}

/** Refuses every PEM label but the two a signing key comes in, saying what was pasted instead. */
function refuseNonSigningLabel(label: string, advice: KeyAdvice): void {
  switch (label) {
    case 'PUBLIC KEY':
    case 'EC PUBLIC KEY':
      throw unsupported('This is a public key; signing needs the private key', advice.howToGet);
    case 'CERTIFICATE':
    case 'TRUSTED CERTIFICATE':
      throw unsupported('This is a certificate, not a private key', advice.howToGet);
    case 'ENCRYPTED PRIVATE KEY':
      throw unsupported(
        'This private key is encrypted with a passphrase',
        'Decrypt it first, e.g. `openssl pkcs8 -in encrypted.pem -out key.pem`, and keep the decrypted file out of ' +
          'your repository.',
      );
    case 'RSA PRIVATE KEY':
      if (!advice.acceptsRsa) throw rsaRefused('key', advice);
      break;
    case 'OPENSSH PRIVATE KEY':
      throw unsupported(`This is an OpenSSH key, not a ${advice.provider} API key`, advice.howToGet);
    case 'PRIVATE KEY':
    case 'EC PRIVATE KEY':
      break;
    default:
      throw unsupported(`A PEM block of type "${clip(label, 40)}" is not a private key`, advice.howToGet);
  }
}

function rsaRefused(what: 'key' | 'JWK', advice: KeyAdvice): Error {
  return unsupported(
    `This is an RSA ${what}; ${advice.provider} keys for the SDKs and this extension are ECDSA P-521 (ES512)`,
    `Create an ECDSA key in ${advice.createdIn}.`,
  );
}

async function fromJwkText(text: string, advice: KeyAdvice): Promise<SigningKey> {
  const o = parseJwkText(text);
  if (o.kty === 'RSA') {
    if (!advice.acceptsRsa) throw rsaRefused('JWK', advice);
    if (typeof o.d !== 'string')
      throw unsupported('This is a public JWK (it has no "d" member); signing needs the private key', advice.howToGet);
    return describeKey(rsaKeyFromJwk(o), 'jwk', advice);
  }
  if (o.kty !== 'EC')
    throw unsupported(
      `A JWK with kty ${clip(JSON.stringify(o.kty) ?? '(none)', 40)} cannot sign tokens`,
      'Use an EC P-521 key.',
    );
  if (o.crv !== 'P-521')
    throw unsupported(
      `This EC key is on curve ${typeof o.crv === 'string' ? clip(o.crv, 40) : '(none)'}; ES512 needs P-521`,
      `Use the P-521 key from ${advice.createdIn}.`,
    );
  if (typeof o.d !== 'string')
    throw unsupported('This is a public JWK (it has no "d" member); signing needs the private key', advice.howToGet);
  for (const c of ['x', 'y', 'd'] as const) {
    if (typeof o[c] !== 'string' || !/^[A-Za-z0-9_-]+$/.test(o[c]))
      throw invalidInput(`The JWK member "${c}" is missing or not base64url`);
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({
      key: { kty: 'EC', crv: 'P-521', x: o.x as string, y: o.y as string, d: o.d },
      format: 'jwk',
    });
  } catch {
    throw invalidInput('The JWK does not describe a valid P-521 private key (x, y and d do not fit together)');
  }
  return describeKey(keyObject, 'jwk', advice);
}

async function describeKey(keyObject: KeyObject, format: KeyFormat, advice: KeyAdvice): Promise<SigningKey> {
  if (keyObject.asymmetricKeyType === 'rsa' || keyObject.asymmetricKeyType === 'rsa-pss') {
    if (!advice.acceptsRsa) throw rsaRefused('key', advice);
    const rsa = await describeRsaKey(keyObject);
    return {
      format,
      formatName: FORMAT_NAMES[format],
      algorithm: RSA_ALGORITHM,
      keyType: `RSA ${rsa.bits}-bit`,
      kid: rsa.kid,
      publicJwk: rsa.publicJwk,
      keyObject,
      pkcs8Pem: keyObject.export({ format: 'pem', type: 'pkcs8' }).toString(),
    };
  }
  if (keyObject.asymmetricKeyType !== 'ec') {
    throw unsupported(
      `This is a ${keyObject.asymmetricKeyType ?? 'non-EC'} key; ES512 needs an EC P-521 key`,
      advice.howToGet,
    );
  }
  const curve = keyObject.asymmetricKeyDetails?.namedCurve;
  if (curve !== 'secp521r1') {
    const name = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : (curve ?? 'an unknown curve');
    throw unsupported(`This EC key is on ${name}; ES512 needs P-521`, `Use the P-521 key from ${advice.createdIn}.`);
  }
  const jwk = keyObject.export({ format: 'jwk' }) as JWK;
  assertConsistent(jwk, advice);
  const publicJwk = {
    kty: 'EC' as const,
    crv: 'P-521' as const,
    x: fullLengthCoordinate(jwk.x, P521_BYTES),
    y: fullLengthCoordinate(jwk.y, P521_BYTES),
  };
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const pkcs8Pem = keyObject.export({ format: 'pem', type: 'pkcs8' }).toString();
  return {
    format,
    formatName: FORMAT_NAMES[format],
    algorithm: 'ES512',
    keyType: 'EC P-521',
    kid,
    publicJwk,
    keyObject,
    pkcs8Pem,
  };
}

/**
 * Checks that the public point stored with a key is the one its private number gives: a JWK with
 * another key's x and y, or a key file with a damaged byte, would otherwise sign with one key and
 * announce another's kid.
 */
function assertConsistent(jwk: JWK, advice: KeyAdvice): void {
  let derived: Buffer;
  try {
    const ecdh = createECDH('secp521r1');
    ecdh.setPrivateKey(Buffer.from(jwk.d ?? '', 'base64url'));
    derived = ecdh.getPublicKey();
  } catch {
    throw invalidInput('The key is damaged: its private number is not a valid P-521 key', 'Copy the whole key again.');
  }
  const stored = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(fullLengthCoordinate(jwk.x, P521_BYTES), 'base64url'),
    Buffer.from(fullLengthCoordinate(jwk.y, P521_BYTES), 'base64url'),
  ]);
  if (!derived.equals(stored)) {
    throw invalidInput(
      'The key is damaged: x, y and d do not belong together (the public point is not the one d gives)',
      `Copy the key again from the file ${advice.createdIn} gave you; a JWK must keep x, y and d of one key.`,
    );
  }
}
