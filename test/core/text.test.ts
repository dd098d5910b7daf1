import * as assert from 'node:assert/strict';
import { contentHash, interpolate, LineMap } from '../../analyzers/core/text';

describe('LineMap', () => {
  it('splits on \\n, \\r\\n and lone \\r like VS Code', () => {
    const text = 'a\nbb\r\nccc\rd';
    const lines = new LineMap(text);
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.position(text.indexOf('bb')), { offset: 2, line: 2, column: 1 });
    assert.deepEqual(lines.position(text.indexOf('ccc') + 2), { offset: 8, line: 3, column: 3 });
    assert.deepEqual(lines.position(text.indexOf('d')), { offset: 10, line: 4, column: 1 });
    assert.equal(lines.lineText(2), 'bb');
    assert.equal(lines.lineText(3), 'ccc');
  });

  it('counts columns in UTF-16 code units (surrogate pairs are two)', () => {
    const text = 'const s = "😀"; x';
    const lines = new LineMap(text);
    assert.equal(lines.position(text.indexOf('x')).column, text.indexOf('x') + 1);
    assert.equal(text.indexOf('x'), 16);
  });

  it('clamps offsets outside the text', () => {
    const lines = new LineMap('ab\ncd');
    assert.deepEqual(lines.position(-5), { offset: 0, line: 1, column: 1 });
    assert.deepEqual(lines.position(99), { offset: 5, line: 2, column: 3 });
  });

  it('handles an empty text and a trailing line break', () => {
    assert.deepEqual(new LineMap('').position(0), { offset: 0, line: 1, column: 1 });
    const lines = new LineMap('a\n');
    assert.equal(lines.lineCount, 2);
    assert.deepEqual(lines.position(2), { offset: 2, line: 2, column: 1 });
  });
});

describe('contentHash', () => {
  it('is stable and tells texts apart', () => {
    assert.equal(contentHash('abc'), contentHash('abc'));
    assert.notEqual(contentHash('abc'), contentHash('abd'));
    assert.notEqual(contentHash(''), contentHash(' '));
  });
});

describe('interpolate', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    assert.equal(interpolate('{{a}} and {{ b }} and {{c}}', { a: 1, b: 'two' }), '1 and two and {{c}}');
  });
  it('picks the singular or plural word for a count', () => {
    const template = '{{n}} {{n|worker|workers}}';
    assert.equal(interpolate(template, { n: 1 }), '1 worker');
    assert.equal(interpolate(template, { n: 2 }), '2 workers');
    assert.equal(interpolate(template, { n: 0 }), '0 workers');
    assert.equal(interpolate(template, {}), '{{n}} {{n|worker|workers}}');
  });
});
