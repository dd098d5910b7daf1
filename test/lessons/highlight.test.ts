import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { highlightCode, highlightLines, markColumns } from '../../lessons/highlight';

const textOf = (html: string) => new JSDOM(`<pre>${html}</pre>`).window.document.querySelector('pre')!.textContent;

describe('lessons: syntax colouring', () => {
  it('colours the languages lessons show and escapes everything', () => {
    assert.match(highlightCode('const a = "<b>";', 'typescript'), /<span class="hljs-keyword">const<\/span> a = <span class="hljs-string">&quot;&lt;b&gt;&quot;<\/span>;/);
    assert.match(highlightCode('def f(): pass', 'python'), /hljs-keyword/);
    assert.equal(highlightCode('model A { id Int @id }\n<script>', 'prisma'), 'model A { id Int @id }\n&#60;script&#62;');
  });

  it('splits coloured code into lines with balanced tags, even across a multi-line comment', () => {
    const lines = ['/* one', 'two */ const x = `a', 'b`;'];
    const html = highlightLines(lines, 'typescript');
    assert.equal(html.length, 3);
    for (const [index, line] of html.entries()) {
      assert.equal((line.match(/<span/g) ?? []).length, (line.match(/<\/span>/g) ?? []).length, line);
      assert.equal(textOf(line), lines[index]);
    }
    assert.match(html[1], /^<span class="hljs-comment">two \*\/<\/span>/);
  });

  it('marks columns across tags and entities without breaking the nesting', () => {
    const line = highlightLines(['if (a < b) return "x";'], 'typescript')[0];
    const marked = markColumns(line, 4, 9); // a < b
    const { document } = new JSDOM(`<pre>${marked}</pre>`).window;
    assert.equal([...document.querySelectorAll('mark')].map((mark) => mark.textContent).join(''), 'a < b');
    assert.equal(document.querySelector('pre')!.textContent, 'if (a < b) return "x";');
    assert.equal(markColumns(line, 3, 3), line, 'an empty range marks nothing');
    assert.equal(textOf(markColumns('😀x', 2, 3)), '😀x');
    assert.match(markColumns('😀x', 2, 3), /<mark>x<\/mark>$/, 'columns count UTF-16 code units, as the editor does');
  });
});
