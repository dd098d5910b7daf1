import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { nodeParserAssets } from '../../host/assets';
import { enclosingLoop, iterationKind } from '../../analyzers/python/loops';
import { loadPythonParser, parsePython } from '../../analyzers/python/parse';
import { walk, type PyNode, type PyTree } from '../../analyzers/python/tree';

/** Every node that iterates, as `kind: code`, in source order. */
function iterations(tree: PyTree): string[] {
  const out: string[] = [];
  walk(tree.root, (node) => {
    const kind = iterationKind(tree, node);
    if (kind) out.push(`${kind}: ${tree.text.slice(node.start, node.end).split('\n')[0]}`);
  });
  return out;
}

function callNamed(tree: PyTree, name: string): PyNode {
  let found: PyNode | undefined;
  walk(tree.root, (node) => {
    if (!found && node.type === 'call' && tree.text.slice(node.start, node.end).startsWith(`${name}(`)) found = node;
  });
  return found!;
}

describe('python loops: syntax mapped onto iteration kinds', () => {
  before(() => loadPythonParser(nodeParserAssets(path.join(__dirname, '..', '..', 'host'))));

  it('names for, while, comprehensions and gathered comprehensions', () => {
    const tree = parsePython(
      [
        'for post in posts:',
        '    pass',
        'while more():',
        '    pass',
        'ids = [p.pk for p in posts]',
        'names = {u.name for u in users}',
        'by_id = {u.pk: u for u in users}',
        'total = sum(x for x in xs)',
        'async def fetch_all(urls):',
        '    await asyncio.gather(*(fetch(url) for url in urls))',
        '    await gather(*[fetch(url) for url in urls])',
        '    await other.gather(*(fetch(url) for url in urls))',
        '',
      ].join('\n'),
    );
    assert.deepEqual(iterations(tree), [
      'for-each: for post in posts:',
      'while: while more():',
      'comprehension: [p.pk for p in posts]',
      'comprehension: {u.name for u in users}',
      'comprehension: {u.pk: u for u in users}',
      'comprehension: (x for x in xs)',
      'gather: (fetch(url) for url in urls)',
      'gather: [fetch(url) for url in urls]',
      'comprehension: (fetch(url) for url in urls)',
    ]);
  });

  it('puts only the per-item parts inside a loop: not a for loop\'s iterable, nor a comprehension\'s first one', () => {
    const tree = parsePython('for a in first(x):\n    body(a)\n[inner(b) for b in second(y) for c in third(b)]\n');
    const loopOf = (name: string) => {
      const loop = enclosingLoop(tree, callNamed(tree, name));
      return loop && tree.text.slice(loop.start, loop.end).split('\n')[0];
    };
    assert.equal(loopOf('first'), undefined);
    assert.equal(loopOf('body'), 'for a in first(x):');
    assert.equal(loopOf('second'), undefined);
    assert.equal(loopOf('third'), '[inner(b) for b in second(y) for c in third(b)]');
    assert.equal(loopOf('inner'), '[inner(b) for b in second(y) for c in third(b)]');
  });
});
