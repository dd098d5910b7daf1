import MarkdownIt from 'markdown-it';

/**
 * Lesson prose goes through markdown-it with raw HTML disabled, so nothing in
 * a lesson (or anything that ever reaches it) can inject markup. Links may
 * only be https (or in-page anchors); they carry rel="noopener noreferrer" and
 * the webview opens them in the browser, never inside the panel.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

markdown.validateLink = (url: string): boolean => /^https:\/\/[^\s]+$/i.test(url) || /^#[\w-]+$/.test(url);

const renderLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index].attrSet('rel', 'noopener noreferrer');
  return renderLinkOpen(tokens, index, options, env, self);
};

/** Lesson prose is a fixed set of strings; rendering each once keeps re-renders cheap. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 500;

export function renderMarkdown(source: string): string {
  let html = cache.get(source);
  if (html === undefined) {
    html = markdown.render(source);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(source, html);
  }
  return html;
}

export function renderMarkdownInline(source: string): string {
  return markdown.renderInline(source);
}

/** True when markdown-it accepts the URL as a link target. */
export function isSafeLink(url: string): boolean {
  return markdown.validateLink(url);
}
