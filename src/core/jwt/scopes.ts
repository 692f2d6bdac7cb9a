import { GR4VY_RESOURCE_DESCRIPTIONS, type Gr4vyResource } from '../providers/gr4vy/scopes';
import type { ScopeInfo } from '../../shared/protocol';

/** Explains each scope: resource, access, whether it is a resource the Gr4vy SDKs know. */
export function describeScopes(scopes: unknown): ScopeInfo[] {
  if (!Array.isArray(scopes)) return [];
  return scopes.map((s): ScopeInfo => {
    const scope = typeof s === 'string' ? s : (JSON.stringify(s) ?? typeof s);
    if (scope === 'embed')
      return {
        scope,
        resource: 'embed',
        access: 'embed',
        known: true,
        description: 'everything Gr4vy Embed needs, limited to the pinned embed values',
      };
    const m = /^(.+)\.(read|write)$/.exec(scope);
    if (!m) return { scope, resource: scope, access: 'unknown', known: false, description: 'not a valid scope' };
    const [, resource = '', access] = m;
    // hasOwn: a scope named "constructor.read" must not find Object's prototype.
    const what =
      resource === '*'
        ? 'every resource'
        : Object.hasOwn(GR4VY_RESOURCE_DESCRIPTIONS, resource)
          ? GR4VY_RESOURCE_DESCRIPTIONS[resource as Gr4vyResource]
          : undefined;
    const verb = access === 'read' ? 'Read' : 'Create and change (not read)';
    return {
      scope,
      resource,
      access: access as 'read' | 'write',
      known: resource === '*' || what !== undefined,
      description: what ? `${verb} ${what}` : `${verb} "${resource}" (not a resource the Gr4vy SDKs know)`,
    };
  });
}
