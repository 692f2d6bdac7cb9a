import { invalidInput } from '../../errors';
import type { ConnectionResult } from '../accountTypes';
import type { FieldChoice } from '../types';

/**
 * The roles a Gr4vy API key is created with, in Gr4vy's words ("Authenticate an API call" >
 * Permissions: "A role is a named, fixed set of scopes"). Gr4vy does not publish each role's
 * scopes, so none are invented here: `GET /api-key-pairs` and `GET /roles` give the real ones
 * where the key may read them.
 */
export const GR4VY_ROLES = {
  full: {
    name: 'Full access',
    access: 'Process payments, manage connections, edit flow rules, and manage other resources.',
  },
  processing: {
    name: 'Processing only',
    access:
      'Process payments, including the ability to manage payment methods and buyers. This role also grants read ' +
      'access to reports.',
  },
  system: {
    name: 'System management only',
    access:
      'Manage connections and edit flow rules. This role cannot process payments or modify existing payments such ' +
      'as captures and refunds.',
  },
  reporting: {
    name: 'Transaction reporting only',
    access:
      'Read payments data, including the ability to create and access reports. This role is read-only and cannot ' +
      'access system data such as users, flow rules, and connections.',
  },
} as const;

export type Gr4vyRole = keyof typeof GR4VY_ROLES;

/** The Add Account pick: the four roles and "not sure". */
export const GR4VY_ROLE_CHOICES: readonly FieldChoice[] = [
  ...Object.entries(GR4VY_ROLES).map(([value, r]) => ({ label: r.name, description: r.access, value })),
  { label: 'Not sure', description: 'the connection test reads what the key can', value: '' },
];

/** A role id from the pick (or stored state); '' is "not sure". Throws for anything else. */
export function parseRole(v: string): Gr4vyRole | undefined {
  const t = v.trim();
  if (t === '') return undefined;
  if (Object.hasOwn(GR4VY_ROLES, t)) return t as Gr4vyRole;
  throw invalidInput(
    `"${t.slice(0, 40)}" is not a Gr4vy key role`,
    `Pick one of: ${Object.keys(GR4VY_ROLES).join(', ')}.`,
  );
}

/**
 * A connection result with the account's role explaining what the key could not read (the role
 * the user gave at Add Account; the result itself comes from what Gr4vy answered).
 */
export function withRole(r: ConnectionResult, role: Gr4vyRole | undefined): ConnectionResult {
  const why = roleExplanation(role);
  if (!why || !r.unreadable?.length) return r;
  return { ...r, advice: r.advice ? `${r.advice} ${why}` : why };
}

/** "This key is System management only: Manage connections and …": what a role explains about a result. */
export function roleExplanation(role: Gr4vyRole | undefined): string | undefined {
  if (!role) return undefined;
  const r = GR4VY_ROLES[role];
  return `This key was created as ${r.name}: ${r.access}`;
}
