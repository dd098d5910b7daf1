import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeProject, createEngine, defaultConfig, type Engine, type ParserAssets } from '../../analyzers';
import { nodeParserAssets } from '../../host/assets';

const settings = { locale: 'en' as const, config: defaultConfig() };
const assets = nodeParserAssets(path.join(__dirname, '..', '..', 'host'));

async function readyEngine(): Promise<Engine> {
  const engine = createEngine();
  const errors = await engine.prepare(['x.py'], assets);
  assert.deepEqual(errors, []);
  return engine;
}

const MODELS = 'from django.db import models\n\nclass Author(models.Model):\n    name = models.CharField(max_length=10)\n\nclass Post(models.Model):\n    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n';
const VIEW = 'def index(request):\n    for post in Post.objects.all():\n        print(post.author.name)\n';

describe('python parser', () => {
  it('asks the host for wasm only when a Python file is analyzed', async () => {
    const requested: string[] = [];
    const spy: ParserAssets = { wasm: (name) => (requested.push(name), assets.wasm(name)) };
    const engine = createEngine();
    assert.deepEqual(await engine.prepare(['app/page.tsx', 'Dockerfile', 'schema.prisma'], spy), []);
    assert.deepEqual(requested, []);
    assert.deepEqual(await engine.prepare(['blog/views.py'], spy), []);
    assert.equal(engine.pendingLanguages(['blog/views.py']).length, 0);
  });

  it('gives UTF-16 offsets that agree with the editor, through CRLF and astral characters', async () => {
    const engine = await readyEngine();
    const prefix = '# 😀 émoji and 한글\r\n';
    const view = { path: 'blog/views.py', text: 'from .models import Post\r\n' + prefix + VIEW.replace(/\n/g, '\r\n') };
    const result = analyzeProject(engine, [{ path: 'blog/models.py', text: MODELS }, view], settings, { onlyRules: ['n-plus-one'] });
    const finding = result.files.find((file) => file.file === 'blog/views.py')!.findings[0];
    assert.ok(finding, 'the N+1 is found');
    assert.equal(finding.range.start.line, 5);
    assert.equal(finding.range.start.column, 15);
    assert.equal(view.text.slice(finding.range.start.offset, finding.range.end.offset), 'post.author.name');
  });

  const BAD_INPUTS: Array<[string, string]> = [
    ['Python 2 print and except syntax', 'print "hello"\ntry:\n    x = 1\nexcept Exception, e:\n    print `e`\nexec "code"\n'],
    ['syntax errors everywhere', 'def broken(:\n    return (\nclass\n  x = ]]\nfor in in in:\n'],
    ['mixed tabs and spaces', 'def view(request):\n\tif True:\n        x = {}\n\treturn x\n'],
    ['CRLF and lone CR line breaks', 'import os\r\nx = 1\rdef f(request):\r\n    return Post.objects.get(pk=1)\r\n'],
    ['invalid bytes decoded as U+FFFD and lone surrogates', 'x = "\uFFFD\uFFFD"\ny = "\uD800"\ndef \uFFFD(request): pass\n'],
    ['5,000 nested parentheses', 'x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '\n'],
    ['5,000 nested lists', 'x = ' + '['.repeat(5000) + ']'.repeat(5000) + '\n'],
    ['5,000 nested calls', 'x = ' + 'f('.repeat(5000) + ')'.repeat(5000) + '\n'],
    ['5,000 nested blocks', Array.from({ length: 5000 }, (_, depth) => ' '.repeat(depth) + 'if x:\n').join('') + ' '.repeat(5000) + 'pass\n'],
    ['5,000 chained attributes in a loop', 'def f(request):\n    for p in Post.objects.all():\n        p' + '.author'.repeat(5000) + '\n'],
    ['an unterminated string and a NUL-free binary-ish blob', 'x = """never closed\n' + '\u0001\u0002\u0003'.repeat(1000)],
    ['empty file', ''],
  ];

  for (const [name, text] of BAD_INPUTS) {
    it(`never throws or hangs: ${name}`, async () => {
      const engine = await readyEngine();
      const started = Date.now();
      const result = analyzeProject(engine, [{ path: 'blog/models.py', text: MODELS }, { path: 'blog/views.py', text }, { path: 'blog/settings.py', text }], settings);
      assert.deepEqual(result.errors, []);
      assert.ok(Date.now() - started < 20_000, 'finished in reasonable time');
    });
  }

  it('keeps analyzing what parses around a syntax error', async () => {
    const engine = await readyEngine();
    const text = 'from .models import Post\n\ndef broken(:\n    pass\n\n' + VIEW;
    const result = analyzeProject(engine, [{ path: 'blog/models.py', text: MODELS }, { path: 'blog/views.py', text }], settings, { onlyRules: ['n-plus-one'] });
    assert.equal(result.files.find((file) => file.file === 'blog/views.py')!.findings.length, 1);
  });

  it('parses thousands of files without growing (trees are copied and freed)', async () => {
    const engine = await readyEngine();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 1500; i++) engine.parse({ path: `m${i}.py`, text: MODELS + VIEW.repeat(20) });
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 300 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1024 / 1024)} MB`);
  });

  it('honours `# scalecheck-ignore-next-line` with a reason in Python files', async () => {
    const engine = await readyEngine();
    const text = 'from .models import Post\n' + VIEW.replace('        print(', '        # scalecheck-ignore-next-line n-plus-one -- admin page, 20 rows at most\n        print(');
    const result = analyzeProject(engine, [{ path: 'blog/models.py', text: MODELS }, { path: 'blog/views.py', text }], settings, { onlyRules: ['n-plus-one'] });
    const file = result.files.find((entry) => entry.file === 'blog/views.py')!;
    assert.equal(file.findings.length, 0);
    assert.equal(file.suppressed[0]?.reason, 'admin page, 20 rows at most');
  });

  it('writes Python messages in Korean when asked', async () => {
    const engine = await readyEngine();
    const result = analyzeProject(engine, [{ path: 'blog/models.py', text: MODELS }, { path: 'blog/views.py', text: 'from .models import Post\n' + VIEW }], { ...settings, locale: 'ko' }, { onlyRules: ['n-plus-one'] });
    assert.match(result.files.find((file) => file.file === 'blog/views.py')!.findings[0].message, /쿼리/);
  });
});
