// Serves the webview page exactly as the extension renders it (same HTML, CSP, bundle and CSS) from a
// loopback server, opens it in headless Debian Chromium, and stands in for VS Code's webview API.
import { readFileSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createNonce } from '../../src/core/nonce';
import { renderWebviewHtml } from '../../src/core/webviewHtml';
import { launchChromium, keepOnLoopback } from '../harness/codeServer.mjs';

const ROOT = path.resolve(__dirname, '..', '..');
const FILES: Record<string, { file: string; type: string }> = {
  '/dist/webview/main.js': { file: 'dist/webview/main.js', type: 'text/javascript' },
  '/media/webview.css': { file: 'media/webview.css', type: 'text/css' },
};

export interface WebviewPageHandle {
  page: Page;
  /** Messages the page posted to the "host", in order. */
  posted(): Promise<unknown[]>;
  /** Delivers a message to the page as the host would. */
  send(msg: unknown): Promise<void>;
  /** What the page last stored with setState(). */
  state(): Promise<unknown>;
  /** CSP violations the page has reported so far. */
  cspViolations(): Promise<string[]>;
  /** Reloads the page, keeping the setState() value as VS Code does. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the webview page. `initialState` plays the part of state saved before a reload. */
export async function openWebviewPage(opts: { initialState?: unknown } = {}): Promise<WebviewPageHandle> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      const origin = `http://${req.headers.host ?? ''}`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        renderWebviewHtml({
          title: 'JWT Inspector',
          cspSource: origin,
          nonce: createNonce(),
          scriptUri: `${origin}/dist/webview/main.js`,
          styleUri: `${origin}/media/webview.css`,
        }),
      );
      return;
    }
    const f = FILES[url.pathname];
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': f.type });
    res.end(readFileSync(path.join(ROOT, f.file)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const browser = await launchChromium();
  const context = await browser.newContext();
  await keepOnLoopback(context);
  // Runs before the page's own scripts: the VS Code webview API stand-in, and a CSP violation counter.
  // (A string, not a function: tsx would compile a function with helpers the page does not have.)
  await context.addInitScript(`(() => {
    const saved = sessionStorage.getItem('__state');
    let state = saved !== null ? JSON.parse(saved) : ${JSON.stringify(opts.initialState ?? null)};
    window.__posted = [];
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: (s) => { state = s; sessionStorage.setItem('__state', JSON.stringify(s)); return s; },
    });
  })();`);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  return {
    page,
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    send: async (msg) => {
      await page.evaluate((m) => window.postMessage(m, '*'), msg);
    },
    state: () =>
      page.evaluate(() => {
        const s = sessionStorage.getItem('__state');
        return s === null ? undefined : (JSON.parse(s) as unknown);
      }),
    cspViolations: async () => [
      ...pageErrors.map((e) => `pageerror ${e}`),
      ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)),
    ],
    reload: async () => {
      await page.reload();
    },
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}
