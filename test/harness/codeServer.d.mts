import type { Browser, BrowserContext } from 'playwright-core';

export const CODE_SERVER_VERSION: string;
export const CACHE_DIR: string;
export const CHROMIUM: string;
export function ensureCodeServer(): string;
export function freePort(): Promise<number>;
export interface CodeServer {
  port: number;
  authority: string;
  tmp: string;
  env: Record<string, string | undefined>;
  stop(): Promise<void>;
  output(): string;
}
export function startCodeServer(opts?: {
  bin?: string;
  port?: number;
  extraEnv?: Record<string, string>;
  settings?: Record<string, unknown>;
  verbose?: boolean;
}): Promise<CodeServer>;
export function workbenchUrl(opts: {
  authority: string;
  folder: string;
  extensionDevelopmentPath: string;
  extensionTestsPath?: string;
}): string;
export function launchChromium(opts?: { headless?: boolean }): Promise<Browser>;
export function keepOnLoopback(context: BrowserContext): Promise<void>;
