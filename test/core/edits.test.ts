import * as assert from 'node:assert/strict';
import { applyEdits } from '../../analyzers/core/edits';

const edit = (start: number, end: number, newText: string) => ({ file: 'f', start, end, newText });

describe('applyEdits', () => {
  it('applies edits in position order regardless of input order', () => {
    assert.equal(applyEdits('hello world', [edit(6, 11, 'there'), edit(0, 5, 'hi')]).text, 'hi there');
  });

  it('applies several insertions at one point, in order, and identical edits once', () => {
    const result = applyEdits('ab', [edit(1, 1, 'X'), edit(1, 1, 'Y'), edit(1, 1, 'Y')]);
    assert.equal(result.text, 'aXYb');
  });

  it('applies identical edits once even when others at the same point come between them', () => {
    const result = applyEdits('ab', [edit(1, 1, 'X'), edit(1, 1, 'Y'), edit(1, 1, 'X')]);
    assert.equal(result.text, 'aXYb');
  });

  it('skips an edit overlapping one already applied', () => {
    const result = applyEdits('abcdef', [edit(1, 4, '-'), edit(2, 5, '+')]);
    assert.equal(result.text, 'a-ef');
    assert.equal(result.skipped.length, 1);
  });
});
