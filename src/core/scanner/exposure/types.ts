/**
 * What a provider knows about how its secrets reach a browser: the names its credentials go by,
 * and the server-only APIs and SDKs whose use in browser code means a secret is there too. Each
 * provider module exports one (`providers/<id>/exposure.ts`); the scanner's exposure rules read them.
 */
export interface ProviderExposure {
  /** The provider's name, for messages. */
  provider: string;
  /** Lower-case words that say a variable belongs to the provider (`helcim` in `HELCIM_API_TOKEN`). */
  words: readonly string[];
  /**
   * What a name holds, given its other words joined in lower case with environment words taken off
   * (`apitoken`, `privatekey`, `checkouttoken`): the secret's description ("api-token"), or
   * undefined for a public value (an id, the environment, a publishable key) or a name that says
   * too little.
   */
  secretOf(rest: string): string | undefined;
  /** API hosts that take the secret: browser code calling one must hold the secret. */
  serverHosts?: readonly string[];
  /** Server SDK packages: imported in browser code, they bring the secret with them. */
  serverPackages?: readonly string[];
  /** The server API refuses calls from a browser page (no CORS headers), so such a call fails as well as leaks. */
  refusesBrowsers?: boolean;
  /** Why the server SDK cannot run in the browser, and what to use there instead, for messages. */
  browserInstead?: string;
}
