import * as vscode from 'vscode';
import { JWT_PATTERN } from '../../core/jwt/decode';
import { formatDuration } from '../../core/jwt/explain';
import { inspectJwt } from '../../core/jwt/inspect';
import { readMaxLifetimeSeconds } from '../../host/config';
import { Commands } from '../../ids';
import { claimText } from '../../shared/protocol';

const ICONS = { error: '$(error)', warning: '$(warning)', info: '$(info)' } as const;
/** Lines longer than this (minified files) are not searched for tokens on hover. */
const MAX_LINE = 20_000;

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}

/**
 * A hover on JWT-shaped strings: algorithm, key id, issuer, scopes, expiry, the top notes, and a link
 * that opens the inspector on the token. The token itself is not repeated in the hover.
 */
export function provideJwtHover(
  doc: vscode.TextDocument,
  pos: vscode.Position,
  now = new Date(),
): vscode.Hover | undefined {
  const line = doc.lineAt(pos.line).text;
  if (line.length > MAX_LINE) return undefined;
  for (const m of line.matchAll(JWT_PATTERN)) {
    const start = m.index ?? 0;
    if (pos.character < start || pos.character > start + m[0].length) continue;
    let i;
    try {
      i = inspectJwt(m[0], { now, maxLifetimeSeconds: readMaxLifetimeSeconds() });
    } catch {
      return undefined;
    }
    const md = new vscode.MarkdownString('', true);
    md.supportThemeIcons = true;
    md.isTrusted = { enabledCommands: [Commands.inspectJwtAtCursor] };
    const h = i.header;
    md.appendMarkdown(
      `**JWT** · \`${escapeMd(claimText(h.alg))}\`` +
        (h.kid !== undefined ? ` · kid \`${escapeMd(claimText(h.kid))}\`` : '') +
        `${i.provider === null ? '' : ` · ${escapeMd(i.provider)}`}\n\n`,
    );
    const p = i.payload;
    if (p.iss !== undefined) md.appendMarkdown(`iss: ${escapeMd(claimText(p.iss))}\n\n`);
    if (i.scopes.length) md.appendMarkdown(`scopes: ${i.scopes.map((s) => `\`${escapeMd(s.scope)}\``).join(' ')}\n\n`);
    const exp = i.times.find((t) => t.claim === 'exp');
    if (exp) {
      const d = exp.seconds - now.getTime() / 1000;
      md.appendMarkdown(
        `${d > 0 ? `expires in ${formatDuration(d)}` : `expired ${formatDuration(-d)} ago`} ` +
          `(${new Date(exp.seconds * 1000).toLocaleString()})\n\n`,
      );
    }
    for (const n of i.notes.slice(0, 3)) md.appendMarkdown(`${ICONS[n.severity]} ${escapeMd(n.message)}\n\n`);
    if (i.notes.length > 3) md.appendMarkdown(`…and ${i.notes.length - 3} more\n\n`);
    const args = encodeURIComponent(JSON.stringify([doc.uri.toString(), pos.line, pos.character]));
    md.appendMarkdown(`[Open in JWT Inspector](command:${Commands.inspectJwtAtCursor}?${args})`);
    return new vscode.Hover(md, new vscode.Range(pos.line, start, pos.line, start + m[0].length));
  }
  return undefined;
}

export function registerJwtHover(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }], {
      provideHover: (doc, pos) => provideJwtHover(doc, pos),
    }),
  );
}
