import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * The engine is pure: no `vscode`, no file system, no network, no processes.
 * Hosts do all I/O. This reads every import under analyzers/ (static and
 * dynamic `import()` / `require()`) with the compiler's parser.
 */
const FORBIDDEN = /^(?:node:)?(?:vscode|fs|fs\/promises|net|http|https|http2|dgram|dns|tls|child_process|cluster|worker_threads|inspector)$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.[cm]?[jt]s$/.test(entry.name) ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) found.push(node.arguments[0].text);
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) found.push(node.moduleReference.expression.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('engine purity', () => {
  const root = path.join(__dirname, '..', '..', 'analyzers');
  const files = sourceFiles(root);

  it('finds the engine sources', () => {
    assert.ok(files.length > 5);
  });

  it('nothing under analyzers/ imports vscode, the file system, the network or processes', () => {
    const offenders = files.flatMap((file) => importsOf(file).filter((specifier) => FORBIDDEN.test(specifier)).map((specifier) => `${path.relative(root, file)} imports ${specifier}`));
    assert.deepEqual(offenders, []);
  });

  it('the check itself catches a vscode import', () => {
    const probe = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'purity-')), 'probe.ts');
    fs.writeFileSync(probe, "import * as vscode from 'vscode';\nconst fs = require('node:fs');\n");
    assert.deepEqual(importsOf(probe).filter((specifier) => FORBIDDEN.test(specifier)), ['vscode', 'node:fs']);
  });
});
