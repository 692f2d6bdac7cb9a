import { createHmac, randomBytes } from 'node:crypto';

/**
 * A salted, one-way name for a secret found by a rule: HMAC-SHA256 keyed with `salt` over the rule
 * id and the secret, first 128 bits in hex. Neither the secret nor a part of it can be read back;
 * without the salt the name cannot even be checked against a guess.
 */
export function secretHash(salt: string, ruleId: string, secret: string): string {
  return createHmac('sha256', salt).update(`${ruleId}\0${secret}`).digest('hex').slice(0, 32);
}

/** A fresh salt: 128 random bits in hex. */
export function newSalt(): string {
  return randomBytes(16).toString('hex');
}
