import { clip } from '../errors';

/**
 * The key a debug configuration sets to opt in (`true`) or out (`false`) of the mapped variables;
 * a value of any other type counts as absent.
 */
export const DEBUG_SECRETS_KEY = 'paymentApiSecrets';

/** Whether a debug configuration gets the mapped variables, and why, in words for the log (no values). */
export interface DebugInjection {
  inject: boolean;
  why: string;
  /** Nothing worth a log line: a debugger's own session for a process its parent session started. */
  quiet?: boolean;
}

/** Debug types that run the program in a container or on another machine, where `env` travels along. */
const REMOTE_TYPE = /docker|podman|container|kubernetes|k8s|cloudcode|ssh|remote|wsl/i;
/** Launch settings that run the program elsewhere: through a pipe (ssh, docker exec) or a debugger server. */
const REMOTE_SETTINGS = ['pipeTransport', 'miDebuggerServerAddress', 'remoteRoot'] as const;
const LOCAL_HOST = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;
const OPT_IN = `add "${DEBUG_SECRETS_KEY}": true to the configuration to give it the variables`;

/**
 * Decides whether a debug configuration gets the mapped variables in its `env`. A local
 * `"request": "launch"` does. An `attach`, a configuration without `"request": "launch"`, and a
 * launch that runs its program elsewhere (a container or remote debug type, `pipeTransport`,
 * `miDebuggerServerAddress`, `remoteRoot`, a `host` or `address` other than this machine) get them only
 * with `"paymentApiSecrets": true`; `"paymentApiSecrets": false` always opts out. Never throws;
 * `why` names settings, never their values.
 *
 * @example
 * decideDebugInjection({ type: 'node', request: 'attach', port: 9229 }).inject; // false
 * decideDebugInjection({ type: 'node', request: 'attach', paymentApiSecrets: true }).inject; // true
 */
export function decideDebugInjection(config: unknown): DebugInjection {
  if (!config || typeof config !== 'object' || Array.isArray(config))
    return { inject: false, why: 'it is not a debug configuration' };
  const c = config as Record<string, unknown>;
  const opt = typeof c[DEBUG_SECRETS_KEY] === 'boolean' ? c[DEBUG_SECRETS_KEY] : undefined;
  if (opt === false) return { inject: false, why: `it sets "${DEBUG_SECRETS_KEY}": false` };
  // js-debug starts one of these (request "attach") for each process of a session; the process got
  // its environment from the session that started it.
  if (typeof c.__pendingTargetId === 'string')
    return { inject: false, why: 'it is the session of a process another session started', quiet: true };
  if (opt === true) return { inject: true, why: `it sets "${DEBUG_SECRETS_KEY}": true` };
  if (c.request === 'attach')
    return { inject: false, why: `it attaches to a program already running (request "attach"); ${OPT_IN}` };
  if (c.request !== 'launch') return { inject: false, why: `it does not say "request": "launch"; ${OPT_IN}` };
  if (typeof c.type === 'string' && REMOTE_TYPE.test(c.type)) {
    const type = clip(c.type.replace(/[^\w.-]/g, '?'), 40);
    return { inject: false, why: `its type "${type}" runs programs in a container or on another machine; ${OPT_IN}` };
  }
  const remote = REMOTE_SETTINGS.find((k) => c[k] !== undefined && c[k] !== null && c[k] !== '');
  if (remote) return { inject: false, why: `it sets "${remote}", so the program may run elsewhere; ${OPT_IN}` };
  const host = (['host', 'address'] as const).find(
    (k) => typeof c[k] === 'string' && c[k] !== '' && !LOCAL_HOST.test(c[k]),
  );
  if (host) return { inject: false, why: `its "${host}" is not this machine; ${OPT_IN}` };
  return { inject: true, why: 'it launches a program on this machine' };
}
