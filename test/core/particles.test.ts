import * as assert from 'node:assert/strict';
import { attachParticles, particleAfter } from '../../analyzers/core/particles';
import { interpolate } from '../../analyzers/core/text';

describe('Korean particles', () => {
  // What a Korean reader says at the end of the word decides: a final consonant takes the first form.
  const cases: Array<[string, string, string]> = [
    ['모델', '을/를', '을'],
    ['캐시', '을/를', '를'],
    ['서울', '으로/로', '로'],
    ['`viewCounts`', '을/를', '를'], // 뷰카운츠
    ['`model`', '이/가', '이'], // 모델
    ['`item`', '은/는', '은'], // 아이템
    ['`token`', '을/를', '을'], // 토큰
    ['`name`', '이/가', '이'], // 네임
    ['`status`', '이/가', '가'], // 스테이터스
    ['`Note`', '을/를', '를'], // 노트
    ['`job`', '이/가', '이'], // 잡
    ['`file`', '으로/로', '로'], // 파일로
    ['`select_related("author")`', '을/를', '를'], // …어써
    ['SQL', '은/는', '은'], // 에스큐엘
    ['API', '을/를', '를'], // 에이피아이
    ['3', '이/가', '이'], // 삼
    ['2', '이/가', '가'], // 이
    ['10', '을/를', '을'], // 십
    ['1,000', '와/과', '과'], // 천
    ['4', '와/과', '와'], // 사
    ['`count()`', '이/가', '가'], // 카운트: call parentheses are not read
    ['`.tags.all()`', '이/가', '이'], // 올
    ['`timeout=`', '을/를', '을'], // 타임아웃
    ['`after()`', '으로/로', '로'], // 애프터
    ['`SESSION_ENGINE`', '을/를', '을'], // 세션 엔진: a capitalized word reads as a word
    ['`VIEW_COUNTS`', '은/는', '는'], // 뷰 카운츠
    ['`JSON`', '을/를', '을'], // 제이슨 is read as letters' sounds of a short word, ending in 슨
  ];
  for (const [word, pair, expected] of cases) {
    it(`${word} + ${pair} → ${expected}`, () => assert.equal(particleAfter(word, pair as Parameters<typeof particleAfter>[1]), expected));
  }

  it('picks each particle by the text filled in before it, code spans included', () => {
    const template = '`{{name}}`{{은/는}} 요청마다 {{count}}번 실행되고, `{{model}}`{{을/를}} 읽습니다.';
    assert.equal(interpolate(template, { name: 'getUser', count: 3, model: 'Post' }), '`getUser`는 요청마다 3번 실행되고, `Post`를 읽습니다.');
    assert.equal(interpolate(template, { name: 'loadItem', count: 3, model: 'Comment' }), '`loadItem`은 요청마다 3번 실행되고, `Comment`를 읽습니다.');
  });

  it('shows both forms when nothing readable precedes the particle', () => {
    assert.equal(attachParticles('{{을/를}}'), '을(를)');
    assert.equal(attachParticles('→ {{으로/로}}'), '→ (으)로');
  });

  it('leaves text without particles, and other placeholders, alone', () => {
    assert.equal(attachParticles('no {{particles}} here'), 'no {{particles}} here');
    assert.equal(interpolate('{{workers}} {{workers|worker|workers}}', { workers: 1 }), '1 worker');
  });
});
