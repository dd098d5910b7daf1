import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PageAssets } from '../lessons/contract';
import type * as Pages from './pages';

let pages: typeof Pages | undefined;

/** The page renderers, loaded from their own bundle on first use. */
export function loadPages(): typeof Pages {
  // A separate bundle next to dist/extension.js (see scripts/build.mjs), required lazily on purpose.
  pages ??= require('./pages.js') as typeof Pages;
  return pages;
}

/**
 * Webview options shared by the lesson view and the report: scripts on (the
 * page's own, nonce-checked), resources only from media/, no command links.
 */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

/** A fresh nonce and the resource URIs for one render. */
export function pageAssets(webview: vscode.Webview, extensionUri: vscode.Uri): PageAssets {
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  return {
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    media: (fileName) => webview.asWebviewUri(vscode.Uri.joinPath(media, ...fileName.split('/'))).toString(),
  };
}
