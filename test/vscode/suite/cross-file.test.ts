import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzed, codeOf, fileUri, open, openAnalyzed, ours, remember, restore, ruleCovers, until } from './helpers';

const ROUTE = 'nextjs-app/app/api/posts/route.ts';
const SCHEMA = 'nextjs-app/prisma/schema.prisma';
const VIEWS = 'django-app/blog/views.py';
const MODELS = 'django-app/blog/models.py';

const missingIndexOn = (uri: vscode.Uri, lines: number[]) =>
  ours(uri).filter((diagnostic) => codeOf(diagnostic) === 'missing-index' && lines.includes(diagnostic.range.start.line + 1));

describe('cross-file findings', () => {
  after(async () => {
    for (const file of [SCHEMA, MODELS]) await restore(file);
  });

  it('adding the missing @@index to schema.prisma (in the editor) clears the query-site finding in the route', async function () {
    if (!(await ruleCovers('missing-index', 'typescript'))) return this.skip();
    const schemaText = await remember(SCHEMA);
    const route = await openAnalyzed(ROUTE);
    await until('missing-index at the feed query', () => missingIndexOn(route.document.uri, [8, 9, 10]).length > 0);
    const schema = await open(SCHEMA);
    // The feed filters on status and sorts by createdAt: an index that starts with status covers it.
    const postModel = schemaText.indexOf('model Post {');
    const closing = schemaText.indexOf('\n}', postModel);
    assert.ok(postModel >= 0 && closing > postModel, 'model Post in the example schema');
    await schema.edit((builder) => builder.insert(schema.document.positionAt(closing), '\n\n  @@index([status, createdAt])'));
    await until('the route finding clears', () => missingIndexOn(route.document.uri, [8, 9, 10]).length === 0);
    // Undo in the editor: the finding comes back from the schema text alone, nothing saved.
    await restore(SCHEMA);
    await until('the route finding returns', () => missingIndexOn(route.document.uri, [8, 9, 10]).length > 0);
  });

  it('db_index=True written to models.py on disk (file watcher) clears the finding in views.py', async function () {
    if (!(await ruleCovers('missing-index', 'python'))) return this.skip();
    const modelsText = await remember(MODELS);
    const views = await openAnalyzed(VIEWS);
    await until('missing-index at notes_by_subject', () => missingIndexOn(views.document.uri, [45]).length > 0);
    const indexed = modelsText.replace('subject = models.CharField(max_length=100)', 'subject = models.CharField(max_length=100, db_index=True)');
    assert.notEqual(indexed, modelsText, 'the subject field in the example models');
    // models.py is not open: the change reaches the analysis through the file watcher.
    await vscode.workspace.fs.writeFile(fileUri(MODELS), new TextEncoder().encode(indexed));
    await until('the views finding clears', () => missingIndexOn(views.document.uri, [45]).length === 0);
    await vscode.workspace.fs.writeFile(fileUri(MODELS), new TextEncoder().encode(modelsText));
    await until('the views finding returns', () => missingIndexOn(views.document.uri, [45]).length > 0);
    await analyzed(views.document);
  });
});
