import { clip, invalidInput } from '../errors';

/** The names of this machine a request to the receiver may carry in its Host header. */
const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A Host header: a name (DNS name, dotted IPv4, or bracketed IPv6) and an optional port. */
const HOST_HEADER = /^(\[[0-9a-f:.]{2,45}\]|[a-z0-9.-]{1,253})(?::\d{1,5})?$/;
const LABEL = /^[a-z0-9-]{1,63}$/;

function isDnsName(name: string): boolean {
  return name.split('.').every((l) => LABEL.test(l) && !l.startsWith('-') && !l.endsWith('-'));
}

/**
 * The host name of a Host header value, lower-cased and without its port, or undefined when the
 * value is not exactly `name[:port]` (a user part, a path, a trailing dot, spaces: all refused).
 *
 * @example
 * hostNameOf('LOCALHOST:8080') // 'localhost'
 * hostNameOf('127.0.0.1@evil') // undefined
 */
export function hostNameOf(header: string): string | undefined {
  const m = HOST_HEADER.exec(header.toLowerCase());
  const name = m?.[1];
  if (!name) return undefined;
  return name.startsWith('[') || isDnsName(name) ? name : undefined;
}

/** An allow-list of host names: exact names, and `*.example.com` for any name below example.com. */
export interface HostAllowList {
  allows(name: string): boolean;
}

/**
 * Builds the receiver's Host allow-list: the loopback names (`127.0.0.1`, `localhost`, `[::1]`)
 * plus `extra` (a tunnel's public name such as `abc.ngrok-free.app`, or `*.ngrok-free.app` for
 * any of its subdomains). Names are compared case-insensitively, ports never. Throws
 * ERR_INVALID_INPUT naming an entry that is not a bare host name.
 */
export function hostAllowList(extra: readonly string[] = []): HostAllowList {
  const exact = new Set(LOOPBACK_NAMES);
  const suffixes: string[] = [];
  for (const entry of extra) {
    const e = entry.trim().toLowerCase();
    const wildcard = e.startsWith('*.');
    const name = wildcard ? e.slice(2) : e;
    if (!name || hostNameOf(name) !== name || (wildcard && !name.includes('.')))
      throw invalidInput(
        `"${clip(entry, 80)}" is not a host name the receiver can allow`,
        'Give a bare name such as abc.ngrok-free.app (no scheme, port or path), ' +
          'or *.ngrok-free.app for any of its subdomains.',
      );
    if (wildcard) suffixes.push(`.${name}`);
    else exact.add(name);
  }
  return { allows: (name) => exact.has(name) || suffixes.some((s) => name.endsWith(s)) };
}
