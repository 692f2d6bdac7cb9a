/**
 * Headers a request gets from the HTTP client that sends it, never from elsewhere: where it goes
 * (`host`) and how it is framed on its connection (`connection`, `keep-alive`, `transfer-encoding`,
 * `content-length`, `upgrade`, `expect`). A forwarded webhook is a new request with its own; a
 * `.http` file may not set them. Lower case.
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'expect',
]);
