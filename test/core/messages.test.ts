import { strict as assert } from 'node:assert';
import { renderMessage } from '../../analyzers/core/messages';

/** A rule's messages as a declaration holds them: a sentence, and the words a checker picks to fill it. */
const meta = {
  messages: {
    sentence: { en: '`{{call}}` {{what}}.{{limit}}', ko: '`{{call}}`{{이/가}} {{what}}.{{limit}}' },
    sends: { en: 'sends an email', ko: '메일을 보냅니다' },
    cutOff: { en: ' Cut off at {{seconds}} s.', ko: ' {{seconds}}초에서 끊깁니다.' },
    reasons: { en: 'Nothing stops it: {{reasons}}.', ko: '막아 줄 장치가 없습니다: {{reasons}}.' },
    noCap: { en: 'no `{{key}}`', ko: '`{{key}}`{{이/가}} 없음' },
    noTimeout: { en: 'no timeout', ko: '타임아웃 없음' },
  },
};

describe('rule messages: words a checker picks are messages of the declaration too', () => {
  it('renders a nested message in the finding\'s language, with its own data', () => {
    const data = { call: 'sendMail', what: { message: 'sends' }, limit: { message: 'cutOff', data: { seconds: 10 } } };
    assert.equal(renderMessage(meta, 'sentence', data, 'en'), '`sendMail` sends an email. Cut off at 10 s.');
    assert.equal(renderMessage(meta, 'sentence', data, 'ko'), '`sendMail`이 메일을 보냅니다. 10초에서 끊깁니다.');
  });

  it('fills a nested message from the outer data, and chooses its particles by the word filled in', () => {
    const data = { key: 'max_tokens', reasons: [{ message: 'noCap' }, { message: 'noTimeout' }] };
    assert.equal(renderMessage(meta, 'reasons', data, 'en'), 'Nothing stops it: no `max_tokens`; no timeout.');
    assert.equal(renderMessage(meta, 'reasons', data, 'ko'), '막아 줄 장치가 없습니다: `max_tokens`가 없음, 타임아웃 없음.');
  });

  it('leaves plain text alone and shows a missing message as its id, so a slip is visible in snapshots', () => {
    assert.equal(renderMessage(meta, 'sentence', { call: 'f', what: { message: 'nowhere' }, limit: '' }, 'en'), '`f` nowhere.');
    assert.equal(renderMessage(meta, 'missing', {}, 'en'), 'missing');
  });
});
