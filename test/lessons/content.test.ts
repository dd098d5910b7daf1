import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleMetas, allRules, languageOf } from '../../analyzers';
import { lessonCatalog } from '../../lessons/catalog';
import { lessons } from '../../lessons/content';
import { DIAGRAM_IDS } from '../../lessons/diagrams';
import { isSafeLink } from '../../lessons/markdown';
import { LOCALES, publicFiles } from '../../lessons/public-files';
import type { LessonText } from '../../lessons/types';

const root = path.join(__dirname, '..', '..');
const SECTIONS: Array<keyof LessonText> = ['keyPoints', 'why', 'diagramCaption', 'fix', 'fine', 'symptom', 'question'];

describe('lessons: catalog, content and public files', () => {
  it('every rule links to a lesson that exists in the catalog and in the content', () => {
    for (const meta of allRuleMetas) {
      assert.ok(lessonCatalog[meta.lesson], `${meta.id} links to "${meta.lesson}", which is not in lessons/catalog.ts`);
      assert.ok(lessons[meta.lesson], `${meta.id} links to "${meta.lesson}", which has no content in lessons/content/`);
    }
  });

  it('every rule has a lesson named after it (one rule, one lesson)', () => {
    for (const meta of allRuleMetas) {
      if (meta.id === 'suppression-without-reason') continue; // links the suppressed rule's lesson
      assert.ok(lessons[meta.id], `rule ${meta.id} has no lesson of its own`);
    }
  });

  it('catalog and content list the same lessons', () => {
    assert.deepEqual(Object.keys(lessons).sort(), Object.keys(lessonCatalog).sort());
    for (const [id, lesson] of Object.entries(lessons)) assert.equal(lesson.id, id);
  });

  for (const [id, lesson] of Object.entries(lessons)) {
    describe(id, () => {
      it('has every section in both languages', () => {
        for (const locale of LOCALES) {
          const text = lesson.text[locale];
          assert.ok(text, `${id} has no ${locale} text`);
          for (const section of SECTIONS) assert.ok(text[section]?.length, `${id}/${locale} lacks "${section}"`);
          assert.equal(text.keyPoints.length, 3, `${id}/${locale} needs exactly three key points`);
          for (const point of text.keyPoints) assert.ok(point.trim().length > 5, `${id}/${locale} has an empty key point`);
          assert.ok(lessonCatalog[id].title[locale] && lessonCatalog[id].thesis[locale], `${id}/${locale} lacks a title or thesis in the catalog`);
        }
      });

      it('writes its Korean in Korean and its English in English', () => {
        const hangul = /[\uac00-\ud7a3]/g;
        for (const section of SECTIONS) {
          const ko = [lesson.text.ko[section]].flat().join(' ');
          const en = [lesson.text.en[section]].flat().join(' ');
          assert.ok((ko.match(hangul) ?? []).length > ko.length * 0.2, `${id}: the Korean "${section}" is mostly not Hangul`);
          assert.equal((en.match(hangul) ?? []).length, 0, `${id}: the English "${section}" contains Hangul`);
        }
      });

      it('shows a fix for both stacks, with notes in both languages', () => {
        for (const stack of ['node', 'python'] as const) assert.ok(lesson.examples.some((example) => example.stack === stack), `${id} has no ${stack} example`);
        for (const example of lesson.examples) {
          assert.ok(example.note.en && example.note.ko, `${id}/${example.label} lacks a note`);
          assert.ok(example.files.some((file) => !file.hidden && file.after !== undefined), `${id}/${example.label} shows no "after" code`);
          for (const file of example.files) assert.ok(file.before !== undefined || file.after !== undefined, `${id}/${example.label}/${file.path} is empty`);
        }
      });

      it('links only to https documentation and to lessons that exist', () => {
        assert.ok(lesson.learnMore.length >= 3, `${id} has fewer than three links`);
        for (const link of lesson.learnMore) {
          assert.ok(isSafeLink(link.url) && link.url.startsWith('https://'), `${id}: ${link.url}`);
          assert.ok(link.title.en && link.title.ko, `${id}: ${link.url} lacks a title`);
        }
        for (const related of lesson.related) assert.ok(lessons[related] && related !== id, `${id} relates to "${related}"`);
      });

      it('has a diagram', () => {
        assert.ok(DIAGRAM_IDS.includes(id), `${id} has no diagram in lessons/diagrams.ts`);
      });
    });
  }

  it('has before/after code for every language a rule implements', () => {
    for (const rule of allRules) {
      const lesson = lessons[rule.meta.lesson];
      for (const language of Object.keys(rule.checks)) {
        const covered = lesson.examples.some((example) => example.rule === rule.meta.id && example.files.some((file) => !file.hidden && file.before !== undefined && languageOf(file.path) === language));
        assert.ok(covered, `${rule.meta.id} is implemented for ${language}, but lesson "${lesson.id}" has no example of it in ${language}`);
      }
    }
  });

  it('examples name rules that exist and whose lesson they belong to', () => {
    const ids = new Set(allRuleMetas.map((meta) => meta.id));
    for (const lesson of Object.values(lessons)) {
      for (const example of lesson.examples) {
        if (!example.rule) continue;
        assert.ok(ids.has(example.rule), `${lesson.id}: unknown rule ${example.rule}`);
        const meta = allRuleMetas.find((candidate) => candidate.id === example.rule)!;
        assert.ok(meta.lesson === lesson.id || example.rule === 'suppression-without-reason', `${lesson.id} shows ${example.rule}, whose lesson is ${meta.lesson}`);
      }
    }
  });

  it('lessons/<locale>/<id>.md and media/diagrams/ match the content (run `npm run lessons` after editing)', () => {
    const stale: string[] = [];
    for (const file of publicFiles()) {
      const full = path.join(root, file.path);
      if (!fs.existsSync(full) || fs.readFileSync(full, 'utf8') !== file.content) stale.push(file.path);
    }
    assert.deepEqual(stale, [], `stale or missing: ${stale.join(', ')}`);
  });

  it('has no public lesson file without content behind it', () => {
    const expected = new Set(publicFiles().map((file) => file.path));
    const extra: string[] = [];
    for (const locale of LOCALES) {
      for (const name of fs.readdirSync(path.join(root, 'lessons', locale))) if (!expected.has(`lessons/${locale}/${name}`)) extra.push(`lessons/${locale}/${name}`);
    }
    for (const name of fs.readdirSync(path.join(root, 'media', 'diagrams'))) if (!expected.has(`media/diagrams/${name}`)) extra.push(`media/diagrams/${name}`);
    assert.deepEqual(extra, []);
  });
});
