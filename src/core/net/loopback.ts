/** An IPv4 octet in canonical decimal: 0 to 255, no leading zero. */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const LOOPBACK_V4 = new RegExp(`^127\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/**
 * Whether a host name (a `URL`'s `hostname`, or a Host header's name without the port) names this
 * machine: `localhost`, an IPv4 address in 127.0.0.0/8 written as four decimal octets, or `::1`
 * (with or without brackets). Nothing else: not `127.evil.example`, not `localhost.evil`, not
 * `[::ffff:127.0.0.1]`. Names are compared without regard to case. Never throws.
 *
 * @example
 * isLoopbackHost(new URL('http://127.0.0.1:8080/').hostname) // true
 * isLoopbackHost('127.evil.example') // false
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || h === '::1' || LOOPBACK_V4.test(h);
}
