import * as assert from 'node:assert/strict';
import { findSuppression, parseSuppressions } from '../../analyzers/core/suppressions';
import { LineMap } from '../../analyzers/core/text';

function parse(text: string) {
  return parseSuppressions(text, new LineMap(text));
}

describe('suppressions', () => {
  it('reads next-line suppressions with rule ids and reasons in // and # comments', () => {
    const text = [
      '// scalecheck-ignore-next-line n-plus-one -- admin page, 20 rows at most',
      'a()',
      '    # scalecheck-ignore-next-line in-memory-state, unbounded-ai-call -- single process',
      'b()',
    ].join('\n');
    const found = parse(text);
    assert.equal(found.length, 2);
    assert.deepEqual(found[0].ruleIds, ['n-plus-one']);
    assert.equal(found[0].reason, 'admin page, 20 rows at most');
    assert.equal(found[0].targetLine, 2);
    assert.deepEqual(found[1].ruleIds, ['in-memory-state', 'unbounded-ai-call']);
    assert.equal(found[1].targetLine, 4);
  });

  it('keeps reasons that mention URLs or issue numbers whole', () => {
    const [found] = parse('// scalecheck-ignore-next-line n-plus-one -- see https://example.com/x and issue #12\nx');
    assert.equal(found.reason, 'see https://example.com/x and issue #12');
  });

  it('reads block and JSX comments, and file-level suppressions', () => {
    const text = '/* scalecheck-ignore-file long-task-in-request -- this module is a worker */\n{/* scalecheck-ignore-next-line n-plus-one */}\n<li/>';
    const found = parse(text);
    assert.equal(found[0].scope, 'file');
    assert.equal(found[0].reason, 'this module is a worker');
    assert.deepEqual(found[1].ruleIds, ['n-plus-one']);
    assert.equal(found[1].reason, '');
  });

  it('stops at a second comment on the same line', () => {
    const [found] = parse('# scalecheck-ignore-next-line n-plus-one # expect: other\nx');
    assert.deepEqual(found.ruleIds, ['n-plus-one']);
  });

  it('matches findings by rule and line; no ids means every rule', () => {
    const found = parse('// scalecheck-ignore-next-line n-plus-one -- ok\na\n// scalecheck-ignore-next-line -- all of them\nb');
    assert.ok(findSuppression(found, 'n-plus-one', 2));
    assert.equal(findSuppression(found, 'missing-index', 2), undefined);
    assert.equal(findSuppression(found, 'n-plus-one', 3), undefined);
    assert.ok(findSuppression(found, 'missing-index', 4));
  });

  it('ignores text that merely mentions the word', () => {
    assert.deepEqual(parse('const doc = "use scalecheck-ignore-next-line to silence";'), []);
  });
});
