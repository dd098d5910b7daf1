import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleIds } from '../../analyzers';
import { SKIP_REASON_TEXT } from '../../analyzers/core/guards';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const json = (file: string) => JSON.parse(read(file));
const HANGUL = /[가-힣]/;

/** Every `vscode.l10n.t('…')` message in src/, as written (the English text is the key). */
function l10nKeys(): Set<string> {
  const keys = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (full.endsWith('.ts')) for (const match of fs.readFileSync(full, 'utf8').matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) keys.add(match[1].replace(/\\'/g, "'"));
    }
  };
  walk(path.join(root, 'src'));
  return keys;
}

describe('extension manifest and translations', () => {
  const manifest = json('package.json');

  it('has a Korean translation for every UI string of src/ and no stale ones', () => {
    const ko = json('l10n/bundle.l10n.ko.json') as Record<string, string>;
    const keys = l10nKeys();
    // Skip reasons come from the engine and are shown through l10n.t(reason).
    for (const reason of Object.values(SKIP_REASON_TEXT)) keys.add(reason);
    assert.deepEqual([...keys].filter((key) => !(key in ko)), [], 'missing Korean');
    assert.deepEqual(Object.keys(ko).filter((key) => !keys.has(key)), [], 'stale Korean entries');
    for (const [key, value] of Object.entries(ko)) {
      assert.match(value, HANGUL, `Korean text for "${key}"`);
      for (const placeholder of key.match(/\{\d\}/g) ?? []) assert.ok(value.includes(placeholder), `"${value}" keeps ${placeholder}`);
    }
  });

  it('resolves every %key% of package.json in both languages', () => {
    const en = json('package.nls.json');
    const ko = json('package.nls.ko.json');
    const used = [...JSON.stringify(manifest).matchAll(/"%([\w.]+)%"/g)].map((match) => match[1]);
    assert.ok(used.length > 20);
    for (const key of used) {
      assert.ok(key in en, `package.nls.json: ${key}`);
      assert.ok(key in ko, `package.nls.ko.json: ${key}`);
    }
    assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort());
    for (const [key, value] of Object.entries(ko)) assert.match(String(value), HANGUL, key);
  });

  it('names every rule in the settings schema and the .scalecheck.json schema', () => {
    const ruleSetting = manifest.contributes.configuration.properties['scalecheck.rules'];
    assert.deepEqual(Object.keys(ruleSetting.properties).sort(), [...allRuleIds].sort());
    const schema = json('schemas/scalecheck.schema.json');
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), [...allRuleIds].sort());
  });

  it('keeps the fixed command titles, activation events and view ids', () => {
    const en = json('package.nls.json');
    const titles = Object.fromEntries(manifest.contributes.commands.map((command: { command: string; title: string }) => [command.command, en[command.title.slice(1, -1)]]));
    assert.equal(titles['scalecheck.showLesson'], 'Show Lesson');
    assert.equal(titles['scalecheck.scanWorkspace'], 'Scan Workspace');
    assert.equal(titles['scalecheck.showReport'], 'Show Scaling Report');
    assert.equal(titles['scalecheck.fixAllSafe'], 'Fix All Safe Problems in File');
    assert.equal(titles['scalecheck.openSettings'], 'Open Settings');
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'ScaleCheck');
    for (const event of ['workspaceContains:**/schema.prisma', 'workspaceContains:**/manage.py', 'workspaceContains:**/next.config.*', 'onLanguage:python', 'onLanguage:prisma']) {
      assert.ok(manifest.activationEvents.includes(event), event);
    }
    assert.equal(manifest.contributes.viewsContainers.activitybar[0].id, 'scalecheck');
    assert.equal(manifest.contributes.views.scalecheck[0].id, 'scalecheck.lesson');
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(json('node_modules/@types/vscode/package.json').version.split('.').slice(0, 2).join('.'), '1.100', '@types/vscode matches engines.vscode');
  });

  it('ships snippets with a prefix, a body and a description for each pattern', () => {
    for (const file of ['snippets/typescript.code-snippets', 'snippets/python.code-snippets']) {
      const snippets = json(file) as Record<string, { prefix: string[]; body: string[]; description: string }>;
      assert.ok(Object.keys(snippets).length >= 5, file);
      for (const [name, snippet] of Object.entries(snippets)) {
        assert.ok(snippet.prefix.length && snippet.body.length && snippet.description.startsWith('ScaleCheck:'), `${file}: ${name}`);
      }
    }
  });
});
