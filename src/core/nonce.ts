import { randomBytes } from 'node:crypto';

/** A CSP nonce: 16 bytes from the OS CSPRNG, base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}
