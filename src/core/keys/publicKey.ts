import { type KeyObject, X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import type { JWK } from 'jose';
import { AppError, invalidInput, unsupported } from '../errors';
import { describePublicKey, findPemBlock, normaliseKeyText, parseJwkText, pemBody } from './keyText';
import type { SigningKey } from './privateKey';

/** A public key ready to verify with, and what it allows. */
export interface VerificationKey {
  keyObject: KeyObject;
  /** "EC P-521 public key (SPKI PEM)", "X.509 certificate (CN=…)", … */
  description: string;
  /** The only algorithms this key may verify: no algorithm confusion. */
  algorithms: string[];
  /** RFC 7638 SHA-256 thumbprint of the public key. */
  thumbprint: string;
  /** The text held a private key (the public half was derived). */
  wasPrivate: boolean;
}

const PRIVATE_PEM = { 'PRIVATE KEY': 'pkcs8', 'EC PRIVATE KEY': 'sec1', 'RSA PRIVATE KEY': 'pkcs1' } as const;
const PRIVATE_NAMES = { pkcs8: 'PKCS#8', sec1: 'SEC1', pkcs1: 'PKCS#1' } as const;
const PUBLIC_PEM = { 'PUBLIC KEY': 'spki', 'RSA PUBLIC KEY': 'pkcs1' } as const;
const PUBLIC_NAMES = { spki: 'SPKI', pkcs1: 'PKCS#1' } as const;

function fromJwk(text: string): { pub: KeyObject; kind: string; wasPrivate: boolean } {
  const jwk = parseJwkText(text);
  if (jwk.kty === 'oct')
    throw unsupported('This is a symmetric (HMAC) key; only public-key algorithms are verified here');
  const wasPrivate = typeof jwk.d === 'string';
  const key = jwk as JWK & object;
  const pub = wasPrivate
    ? createPublicKey(createPrivateKey({ key, format: 'jwk' }))
    : createPublicKey({ key, format: 'jwk' });
  return { pub, kind: wasPrivate ? 'private JWK' : 'public JWK', wasPrivate };
}

function fromPem(text: string): { pub: KeyObject; kind: string; wasPrivate: boolean } {
  const block = findPemBlock(text);
  if (!block) throw invalidInput('This is not a PEM key, a certificate or a JWK');
  if (block.label === 'ENCRYPTED PRIVATE KEY') {
    throw unsupported(
      'This private key is encrypted',
      'Use the public key (or a certificate) instead: it is all verification needs.',
    );
  }
  const der = pemBody(block, 'PEM');
  if (block.label === 'CERTIFICATE') {
    const cert = new X509Certificate(der);
    return { pub: cert.publicKey, kind: `X.509 certificate (${cert.subject.replace(/\n/g, ', ')})`, wasPrivate: false };
  }
  const privateType = PRIVATE_PEM[block.label as keyof typeof PRIVATE_PEM];
  if (privateType) {
    const pub = createPublicKey(createPrivateKey({ key: der, format: 'der', type: privateType }));
    return { pub, kind: `${PRIVATE_NAMES[privateType]} private key`, wasPrivate: true };
  }
  const publicType = PUBLIC_PEM[block.label as keyof typeof PUBLIC_PEM];
  if (publicType) {
    const pub = createPublicKey({ key: der, format: 'der', type: publicType });
    return { pub, kind: `${PUBLIC_NAMES[publicType]} public key`, wasPrivate: false };
  }
  throw unsupported(`A PEM block of type "${block.label}" cannot verify JWTs`);
}

/**
 * Reads a key to verify JWTs with: a PEM public key (SPKI or PKCS#1), a certificate, a private
 * key (PKCS#8, SEC1 or PKCS#1; its public half is used), or a JWK. Text is cleaned up as for
 * signing keys. Throws an AppError naming the problem.
 */
export async function readVerificationKey(input: string): Promise<VerificationKey> {
  const text = normaliseKeyText(input);
  if (text === '') throw invalidInput('No key was given');
  let read: { pub: KeyObject; kind: string; wasPrivate: boolean };
  try {
    read = text.startsWith('{') ? fromJwk(text) : fromPem(text);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw invalidInput('The key could not be read: it is damaged or not a key', 'Paste the whole PEM block or JWK.');
  }
  const d = await describePublicKey(read.pub);
  return {
    keyObject: read.pub,
    description: `${d.name} ${read.kind}`,
    algorithms: d.algorithms,
    thumbprint: d.thumbprint,
    wasPrivate: read.wasPrivate,
  };
}

/** The public half of a signing key as a verification key: its own algorithm only, its kid as thumbprint. */
export function verificationKeyOf(key: SigningKey, description: string): VerificationKey {
  return {
    keyObject: createPublicKey(key.keyObject),
    description,
    algorithms: [key.algorithm],
    thumbprint: key.kid,
    wasPrivate: false,
  };
}
