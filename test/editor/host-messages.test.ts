import { strict as assert } from 'node:assert';
import type { HostToWorker, RenderRequest } from '../../src/protocol';
import { isHostToWorker } from '../../src/worker/host-messages';

const assets = { cspSource: 'vscode-webview:', nonce: 'n', mediaRoot: 'vscode-resource:/media' };

/**
 * One well-formed render request per page the host asks the worker for. The
 * record is keyed by the page kinds of `RenderRequest`, so a new page does not
 * compile until it is listed here, and the validator must accept it.
 */
const renders: { [P in RenderRequest['page']]: Extract<RenderRequest, { page: P }> } = {
  lesson: { page: 'lesson', input: { lessonId: 'n-plus-one', locale: 'en' }, assets },
  report: { page: 'report', input: { locale: 'ko', findings: [], workspaceName: 'app', filesAnalyzed: 3 }, assets },
  reportMarkdown: { page: 'reportMarkdown', input: { locale: 'en', findings: [], workspaceName: 'app', filesAnalyzed: 3 } },
  hover: { page: 'hover', input: { locale: 'en', entries: [] } },
};

describe('editor worker: messages from the host', () => {
  for (const render of Object.values(renders)) {
    it(`accepts a ${render.page} render, as the host sends it`, () => {
      const message: HostToWorker = { type: 'render', request: 1, render };
      assert.equal(isHostToWorker(message), true);
    });
  }

  it('drops a render of a page it does not know, or without its input', () => {
    assert.equal(isHostToWorker({ type: 'render', request: 1, render: { page: 'settings', input: { locale: 'en' } } }), false);
    assert.equal(isHostToWorker({ type: 'render', request: 1, render: { page: 'hover', input: { locale: 'en' } } }), false);
  });
});
