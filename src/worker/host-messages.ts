import type { HostToWorker } from '../protocol';

/**
 * Checks a message before the worker acts on it. The host is ours, but what
 * it forwards is not: paths, text and page inputs come from the workspace
 * and from commands anyone can run with any argument. A message of the wrong
 * shape is dropped (and logged), never half-processed.
 */
export function isHostToWorker(value: unknown): value is HostToWorker {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'configure':
      return (
        isRecord(value.settings) &&
        Array.isArray(value.settings.ignore) &&
        isRecord(value.settings.rules) &&
        (value.configText === undefined || typeof value.configText === 'string') &&
        (value.configFromDisk === undefined || typeof value.configFromDisk === 'boolean') &&
        (value.locale === 'en' || value.locale === 'ko')
      );
    case 'open':
    case 'update':
      return isPath(value.path) && typeof value.text === 'string' && Number.isInteger(value.version);
    case 'close':
    case 'diskChanged':
    case 'diskDeleted':
      return isPath(value.path);
    case 'index':
    case 'scan':
    case 'cancel':
      return Number.isInteger(value.job);
    case 'summary':
      return Number.isInteger(value.request);
    case 'render':
      return Number.isInteger(value.request) && isRenderRequest(value.render);
    default:
      return false;
  }
}

function isRenderRequest(value: unknown): boolean {
  if (!isRecord(value) || !isRecord(value.input)) return false;
  const locale = value.input.locale;
  if (locale !== 'en' && locale !== 'ko') return false;
  switch (value.page) {
    case 'lesson':
      return typeof value.input.lessonId === 'string' && isRecord(value.assets);
    case 'report':
      return Array.isArray(value.input.findings) && isRecord(value.assets);
    case 'reportMarkdown':
      return Array.isArray(value.input.findings);
    case 'hover':
      return Array.isArray(value.input.entries);
    default:
      return false;
  }
}

/** A workspace-relative engine path (or an absolute one for loose files): a non-empty string without NUL. */
function isPath(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 4096 && !value.includes('\u0000');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
