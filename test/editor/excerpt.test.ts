import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { bracketDepths, fixPreview, statementLines } from '../../src/excerpt';

const SUMMARIZE = fs.readFileSync('examples/nextjs-app/app/api/summarize/route.ts', 'utf8');

describe('excerpts at whole statements', () => {
  it('widens the lines around a finding until the call it sits in is closed', () => {
    // The finding is `openai.chat.completions.create` on line 11; the call runs to line 17.
    const { first, last } = statementLines(SUMMARIZE, false, 11, 11);
    const lines = SUMMARIZE.split('\n').slice(first - 1, last);
    assert.equal(first, 8);
    assert.ok(lines.some((line) => line.trim() === '});'), lines.join('\n'));
    const text = lines.join('\n');
    assert.equal((text.match(/[([{]/g) ?? []).length, (text.match(/[)\]}]/g) ?? []).length, 'every bracket opened is closed');
  });

  it('starts no later than an open bracket it would otherwise close', () => {
    const text = ['function f() {', '  return db.find({', '    where: {', '      a: 1,', '      b: 2,', '      c: 3,', '      d: 4,', '    },', '  });', '}', ''].join('\n');
    const { first, last } = statementLines(text, false, 8, 8);
    const quoted = text.split('\n').slice(first - 1, last).join('\n');
    assert.ok(first <= 2 && last >= 9, `${first}–${last}`);
    assert.equal((quoted.match(/[([{]/g) ?? []).length, (quoted.match(/[)\]}]/g) ?? []).length);
  });

  it('ignores brackets in strings and comments, Python included', () => {
    const python = ['def view(request):', '    s = "(((" # ((', "    t = '''", '    ]]]', "    '''", '    return render(', '        request,', '    )', ''].join('\n');
    assert.deepEqual(bracketDepths(python, true), [0, 0, 0, 0, 0, 0, 1, 1, 0]);
  });

  it('shows a fix on the user\'s own code, before and after', () => {
    const insert = SUMMARIZE.indexOf('  });') ;
    const preview = fixPreview('route.ts', SUMMARIZE, [{ file: 'route.ts', start: insert, end: insert, newText: '    max_tokens: 1024,\n' }], false)!;
    assert.ok(preview.before.includes('openai.chat.completions.create({') && !preview.before.includes('max_tokens'));
    assert.ok(preview.after.includes('max_tokens: 1024,') && preview.after.trim().endsWith('});'), preview.after);
    assert.equal(fixPreview('other.ts', SUMMARIZE, [{ file: 'route.ts', start: 0, end: 0, newText: 'x' }], false), undefined);
  });
});

describe('excerpts of a statement in a loop', () => {
  it('quote the loop it runs in', () => {
    const feed = fs.readFileSync('examples/nextjs-app/app/api/posts/route.ts', 'utf8');
    const { first, last } = statementLines(feed, false, 17, 17);
    const quoted = feed.split('\n').slice(first - 1, last).join('\n');
    assert.match(quoted, /for \(const post of posts\) \{[\s\S]*prisma\.comment\.count[\s\S]*\n  \}/);
  });
});
