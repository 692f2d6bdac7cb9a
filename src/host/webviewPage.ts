import * as vscode from 'vscode';
import { createNonce } from '../core/nonce';
import { renderWebviewHtml } from '../core/webviewHtml';

/**
 * Fills a panel with one of our pages: scripts on, local resources limited to media/ and
 * dist/webview/, the strict-CSP HTML with a fresh nonce, our stylesheet and `script`.
 */
export function loadWebviewPage(
  panel: vscode.WebviewPanel,
  extensionUri: vscode.Uri,
  page: { title: string; script: string },
): void {
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  panel.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
  panel.iconPath = vscode.Uri.joinPath(media, 'activity-bar.svg');
  panel.webview.html = renderWebviewHtml({
    title: page.title,
    cspSource: panel.webview.cspSource,
    nonce: createNonce(),
    scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, page.script)).toString(),
    styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'webview.css')).toString(),
  });
}
