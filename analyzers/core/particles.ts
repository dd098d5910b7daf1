import { josa } from 'es-hangul';

/**
 * Korean particles that follow what was filled in before them. A template
 * writes the pair, `{{을/를}}`, right after a placeholder (or after the
 * closing backtick of a code span): "`{{name}}`{{을/를}}" renders
 * "`viewCounts`를" or "`model`을". The choice depends on how a Korean
 * reader pronounces the last word: Hangul through es-hangul; digits as they
 * are read (1 일, 3 삼, 10 십); Latin letters as loanwords are usually read
 * (model 모델, item 아이템, job 잡, status 스테이터스) and capitals as letter
 * names (SQL 에스큐엘, API 에이피아이).
 */
const PAIRS = ['이/가', '을/를', '은/는', '으로/로', '와/과'] as const;
type Pair = (typeof PAIRS)[number];
const PARTICLE = /\{\{(이\/가|을\/를|은\/는|으로\/로|와\/과)\}\}/g;

/**
 * Marks, brackets, quotes and call parentheses after a word are not read
 * aloud: the particle goes by the word before them (`count()`가,
 * `timeout=`을, `["status", "total"]`을).
 */
const SILENT_TAIL = /[\s`'"“”‘’()[\]{}<>*_.,:;!?…=-]+$/u;

/** Replaces every particle pair in `text` by the form its preceding word takes. */
export function attachParticles(text: string): string {
  if (!text.includes('{{')) return text;
  let out = '';
  let last = 0;
  PARTICLE.lastIndex = 0;
  for (let match = PARTICLE.exec(text); match; match = PARTICLE.exec(text)) {
    out += text.slice(last, match.index);
    out += particleAfter(out, match[1] as Pair);
    last = match.index + match[0].length;
  }
  return out + text.slice(last);
}

/** The form of `pair` that follows `preceding` (the pair's first form goes after a final consonant). */
export function particleAfter(preceding: string, pair: Pair): string {
  const [withFinal, withoutFinal] = pair.split('/') as [string, string];
  const reading = readingOfEnd(preceding.replace(SILENT_TAIL, ''));
  if (reading === undefined) return pair === '으로/로' ? `(${withFinal.slice(0, 1)})${withoutFinal}` : `${withFinal}(${withoutFinal})`;
  // es-hangul decides for a Hangul syllable, including 으로/로 after ㄹ (서울로).
  return josa.pick(reading, pair === '와/과' ? '와/과' : pair);
}

/** A Hangul syllable pronounced like the end of `text`, or undefined when nothing readable ends it. */
function readingOfEnd(text: string): string | undefined {
  const last = text.at(-1);
  if (last === undefined) return undefined;
  if (/[가-힣]/.test(last)) return last;
  if (/\d/.test(last)) return readingOfNumber(text);
  if (/[A-Za-z]/.test(last)) return readingOfLatin(text);
  return undefined;
}

const DIGITS = ['영', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구'];

/** 10 십, 100 백, 1,000 천, 10,000 만: a round number is read by its unit. */
function readingOfNumber(text: string): string {
  const digits = /[\d,]+$/.exec(text)![0].replace(/,/g, '');
  const trailingZeros = /0*$/.exec(digits)![0].length;
  if (trailingZeros === 0 || digits.length === trailingZeros) return DIGITS[Number(digits.at(-1))];
  const units = ['', '십', '백', '천', '만'];
  return units[Math.min(trailingZeros, 4)] || '만';
}

/** Four letters or more with a vowel between consonants (ENGINE, COUNTS, TOKENS) are a word; API, SQL, JSON, HTML are letters or read as such. */
function readsAsWord(capitals: string): boolean {
  return capitals.length >= 5 && /[AEIOU][^AEIOU]/.test(capitals) && /[^AEIOU][AEIOU]/.test(capitals);
}

/** Letter names: A 에이, B 비, … L 엘, M 엠, N 엔, R 알. */
const LETTER_NAMES: Record<string, string> = {
  A: '이', B: '비', C: '씨', D: '디', E: '이', F: '프', G: '지', H: '치', I: '이', J: '이', K: '이', L: '엘', M: '엠',
  N: '엔', O: '오', P: '피', Q: '큐', R: '알', S: '스', T: '티', U: '유', V: '이', W: '유', X: '스', Y: '이', Z: '트',
};

function readingOfLatin(text: string): string {
  const word = /[A-Za-z]+$/.exec(text)![0];
  // An acronym (API, SQL, DB) or a capital at the end of camelCase (userID) is spelled out;
  // a capitalized word that reads as one (ENGINE, COUNTS in SESSION_ENGINE, VIEW_COUNTS) is read as a word.
  const acronym = /[A-Z]{2,}$/.exec(word)?.[0];
  if ((acronym && !readsAsWord(acronym)) || word.length === 1) return LETTER_NAMES[word.at(-1)!.toUpperCase()];
  const lower = word.toLowerCase();
  // Loanword endings: -ng 앙(ㅇ), -m/-me 엠(ㅁ: item, name), -n/-ne 언(ㄴ: token, line), -l 얼(ㄹ), -p/-b after a short vowel 압(ㅂ), -ck/-k 익(ㄱ), -t after a short vowel 앗(ㅅ).
  if (/ng$/.test(lower)) return '앙';
  if (/m$/.test(lower) || /[aeiou]me$/.test(lower)) return '엠';
  if (/n$/.test(lower) || /[aeiou]ne$/.test(lower)) return '언';
  if (/l$/.test(lower) || /le$/.test(lower)) return '얼';
  if (/[aeiou][pb]$/.test(lower)) return '압';
  if (/(?:ck|[aeiou]k)$/.test(lower)) return '익';
  // A t after one short vowel, and -out, keep a final ㅅ: limit 리밋, chat 챗, timeout 타임아웃; -st, -nt, -rt read 트.
  if (/(?:^|[^aeiou])[aeiu]t$|out$/.test(lower)) return '앗';
  // Everything else ends in a vowel sound when read as Korean (status 스, post 트, cache 시, user 저, queue 큐).
  return '아';
}
