import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PageAssetsData } from './protocol';

/**
 * Webview options shared by the lesson view and the report: scripts on (the
 * page's own, nonce-checked), resources only from media/, no command links.
 */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

/** A fresh nonce and the webview's view of media/ for one render. */
export function pageAssets(webview: vscode.Webview, extensionUri: vscode.Uri): PageAssetsData {
  return {
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    mediaRoot: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media')).toString(),
  };
}
