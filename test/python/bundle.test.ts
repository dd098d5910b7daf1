import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The Python analyzer as shipped: the esbuild CommonJS bundles in dist/ load
 * web-tree-sitter and the grammar from dist/wasm, in the CLI process and in
 * its scan workers (used from 150 files up). `npm test` builds first.
 */
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function workspace(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-py-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function scan(cwd: string) {
  const result = spawnSync(process.execPath, [CLI, '.', '--format', 'json', '--fail-on', 'never'], { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; file: string; line: number }>; errors: unknown[] };
}

const MODELS = 'from django.db import models\n\nclass Author(models.Model):\n    name = models.CharField(max_length=10)\n\nclass Post(models.Model):\n    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n';
const VIEWS = 'from .models import Post\n\ndef index(request):\n    return [post.author.name for post in Post.objects.all()]\n';

describe('python in the built bundles', () => {
  it('loads the parser from dist/wasm in the CLI process', () => {
    assert.ok(fs.existsSync(path.join(__dirname, '..', '..', 'dist', 'wasm', 'tree-sitter-python.wasm')), 'the build copies the grammar');
    const report = scan(workspace({ 'blog/models.py': MODELS, 'blog/views.py': VIEWS }));
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.findings.filter((finding) => finding.ruleId === 'n-plus-one').map((finding) => `${finding.file}:${finding.line}`), ['blog/views.py:4']);
  });

  it('loads it in scan workers too, with the same findings', () => {
    const files: Record<string, string> = { 'blog/models.py': MODELS, 'blog/views.py': VIEWS, 'blog/undecodable.py': '' };
    for (let i = 0; i < 170; i++) files[`pkg/mod_${i}.py`] = `def helper_${i}(x):\n    return x + ${i}\n`;
    const dir = workspace(files);
    fs.writeFileSync(path.join(dir, 'blog/undecodable.py'), Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x0a]));
    const report = scan(dir);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.findings.filter((finding) => finding.ruleId === 'n-plus-one').map((finding) => `${finding.file}:${finding.line}`), ['blog/views.py:4']);
  });
});
