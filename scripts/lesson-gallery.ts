// Renders every lesson (both languages, both stacks) and a sample scaling
// report to test-output/lessons/ as standalone HTML pages, inside a small
// harness that plays the webview's part: VS Code theme variables (light, dark,
// high contrast) and a stand-in for acquireVsCodeApi. Open them in a browser,
// or take screenshots with `--screenshots` (Debian's chromium, headless).
// The "In your code" finding comes from the real engine run on the lesson's
// own "before" code when the rule is implemented, else from a marked line.
//
//   npm run build && npx tsx scripts/lesson-gallery.ts [--screenshots]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeProject, createEngine, defaultConfig, LineMap, type Finding, type Locale } from '../analyzers';
import { nodeParserAssets } from '../host/assets';
import { lessons } from '../lessons/content';
import type { CodeExcerpt, PageAssets, WorkspaceSummary } from '../lessons/contract';
import { renderLessonPage, renderReportPage } from '../lessons/render';
import type { CodeExample } from '../lessons/types';

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'test-output', 'lessons');
const screenshots = process.argv.includes('--screenshots');

const THEMES: Record<string, string> = {
  light: `--vscode-foreground:#3b3b3b;--vscode-editor-background:#ffffff;--vscode-sideBar-background:#f8f8f8;--vscode-textLink-foreground:#005fb8;--vscode-textLink-activeForeground:#005fb8;--vscode-button-background:#005fb8;--vscode-button-foreground:#ffffff;--vscode-button-hoverBackground:#0258a8;--vscode-button-secondaryBackground:#e5e5e5;--vscode-button-secondaryForeground:#3b3b3b;--vscode-input-background:#ffffff;--vscode-input-foreground:#3b3b3b;--vscode-input-border:#cecece;--vscode-charts-red:#e51400;--vscode-charts-green:#388a34;--vscode-charts-blue:#1a85ff;--vscode-descriptionForeground:#717171;--vscode-textCodeBlock-background:#f0f0f0;--vscode-badge-background:#cccedb;--vscode-badge-foreground:#333333;--vscode-editorWarning-foreground:#bf8803;--vscode-editorError-foreground:#e51400;--vscode-panel-border:#e5e5e5;--vscode-editorLineNumber-foreground:#6e7681;--vscode-focusBorder:#005fb8;--vscode-editor-findMatchHighlightBackground:rgba(234,92,0,0.33);--vscode-editor-rangeHighlightBackground:rgba(253,255,0,0.2);--vscode-debugTokenExpression-name:#001080;--vscode-debugTokenExpression-string:#a31515;--vscode-debugTokenExpression-boolean:#0000ff;--vscode-debugTokenExpression-number:#098658;--vscode-symbolIcon-functionForeground:#652d90;--vscode-symbolIcon-classForeground:#d67e00;`,
  dark: `--vscode-foreground:#cccccc;--vscode-editor-background:#1f1f1f;--vscode-sideBar-background:#181818;--vscode-textLink-foreground:#4daafc;--vscode-textLink-activeForeground:#4daafc;--vscode-button-background:#0078d4;--vscode-button-foreground:#ffffff;--vscode-button-hoverBackground:#026ec1;--vscode-button-secondaryBackground:#313131;--vscode-button-secondaryForeground:#cccccc;--vscode-input-background:#313131;--vscode-input-foreground:#cccccc;--vscode-input-border:#3c3c3c;--vscode-charts-red:#f14c4c;--vscode-charts-green:#89d185;--vscode-charts-blue:#3794ff;--vscode-descriptionForeground:#9d9d9d;--vscode-textCodeBlock-background:#2b2b2b;--vscode-badge-background:#616161;--vscode-badge-foreground:#f8f8f8;--vscode-editorWarning-foreground:#cca700;--vscode-editorError-foreground:#f14c4c;--vscode-panel-border:#2b2b2b;--vscode-editorLineNumber-foreground:#6e7681;--vscode-focusBorder:#0078d4;--vscode-editor-findMatchHighlightBackground:rgba(234,92,0,0.33);--vscode-editor-rangeHighlightBackground:rgba(255,255,255,0.04);--vscode-debugTokenExpression-name:#c586c0;--vscode-debugTokenExpression-string:#ce9178;--vscode-debugTokenExpression-boolean:#4e94ce;--vscode-debugTokenExpression-number:#b5cea8;--vscode-symbolIcon-functionForeground:#b180d7;--vscode-symbolIcon-classForeground:#ee9d28;`,
  'high-contrast': `--vscode-foreground:#ffffff;--vscode-editor-background:#000000;--vscode-sideBar-background:#000000;--vscode-contrastBorder:#6fc3df;--vscode-contrastActiveBorder:#f38518;--vscode-textLink-foreground:#21a6ff;--vscode-textLink-activeForeground:#21a6ff;--vscode-button-background:#000000;--vscode-button-foreground:#ffffff;--vscode-button-border:#6fc3df;--vscode-input-background:#000000;--vscode-input-foreground:#ffffff;--vscode-input-border:#6fc3df;--vscode-charts-red:#f48771;--vscode-charts-green:#89d185;--vscode-charts-blue:#75beff;--vscode-descriptionForeground:#ffffff;--vscode-textCodeBlock-background:#000000;--vscode-badge-background:#000000;--vscode-badge-foreground:#ffffff;--vscode-editorWarning-foreground:#ffd370;--vscode-editorError-foreground:#f48771;--vscode-editorLineNumber-foreground:#ffffff;--vscode-focusBorder:#f38518;--vscode-debugTokenExpression-name:#ffffff;--vscode-debugTokenExpression-string:#f48771;--vscode-debugTokenExpression-boolean:#75bdfe;--vscode-debugTokenExpression-number:#89d185;`,
};

const FONTS = `--vscode-font-family:system-ui,"Noto Sans CJK KR",sans-serif;--vscode-font-size:13px;--vscode-editor-font-family:"DejaVu Sans Mono","Noto Sans Mono CJK KR",monospace;--vscode-editor-font-size:12px;`;

/** Where a lesson's synthetic finding sits when the engine has no implementation for its rule yet. */
const MARKED_LINE: Record<string, RegExp> = {
  'n-plus-one': /await prisma\.user|post\.author\.username/,
  'missing-index': /authorId: id|filter\(subject/,
  'unbounded-ai-call': /chat\.completions\.create|messages\.create/,
  'long-task-in-request': /sendMail|send_mail\(/,
  'in-memory-state': /new Map|LocMemCache/,
  'unbounded-query': /findMany|queryset =/,
  'prisma-client-per-request': /new PrismaClient/,
  'deployment-capacity': /--workers/,
  caching: /completions\.create|objects\.filter/,
  'write-contention': /views: post\.views|views \+= 1/,
  'growth-stages': /scalecheck-ignore-next-line/,
  'asking-better': /./,
};

const WORKSPACES: Record<CodeExample['stack'], WorkspaceSummary> = {
  node: { deployment: 'serverless', platforms: ['vercel'], stack: ['next', 'prisma', 'openai', '@upstash/redis'] },
  python: { deployment: 'containers', platforms: ['docker', 'railway'], gunicorn: { workers: 2, threads: 2 }, stack: ['django', 'djangorestframework', 'celery', 'anthropic'] },
};

async function main(): Promise<void> {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const file of ['lesson.css', 'scalecheck-page.js']) fs.copyFileSync(path.join(root, 'media', file), path.join(out, file));
  for (const [name, variables] of Object.entries(THEMES)) fs.writeFileSync(path.join(out, `theme-${name}.css`), `html { ${variables}${FONTS} }\n`);
  fs.writeFileSync(
    path.join(out, 'vscode-stub.js'),
    `window.acquireVsCodeApi = () => { let state; return { postMessage: (m) => console.log('postMessage', JSON.stringify(m)), getState: () => state, setState: (s) => { state = s; } }; };\n`,
  );

  const engine = createEngine();
  const pages: string[] = [];
  const allFindings: Finding[] = [];
  for (const lesson of Object.values(lessons)) {
    for (const example of lesson.examples) {
      for (const locale of ['en', 'ko'] as Locale[]) {
        const { finding, excerpt } = await sampleFinding(engine, lesson.id, example, locale);
        if (finding && locale === 'en') allFindings.push(finding);
        const html = renderLessonPage({ lessonId: lesson.id, locale, finding, excerpt, workspace: WORKSPACES[example.stack] }, assetsFor());
        pages.push(write(`${lesson.id}.${example.stack}.${slug(example.label)}.${locale}`, html));
      }
    }
  }
  for (const locale of ['en', 'ko'] as Locale[]) {
    pages.push(write(`report.${locale}`, renderReportPage({ locale, workspaceName: 'inkwell', findings: allFindings, filesAnalyzed: 42, workspace: WORKSPACES.node }, assetsFor())));
  }
  console.log(`gallery: ${pages.length} pages in ${path.relative(root, out)}`);
  if (screenshots) takeScreenshots(pages);
}

function assetsFor(): PageAssets {
  return { cspSource: 'file:', nonce: 'gallery-nonce', media: (file) => file };
}

/** Writes one page per theme, with the theme and the API stand-in injected the way a webview would provide them. */
function write(name: string, html: string): string {
  for (const theme of Object.keys(THEMES)) {
    const page = html
      .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="theme-${theme}.css">\n<link rel="stylesheet"`)
      .replace('<script nonce="gallery-nonce" src="scalecheck-page.js">', '<script nonce="gallery-nonce" src="vscode-stub.js"></script>\n<script nonce="gallery-nonce" src="scalecheck-page.js">');
    fs.writeFileSync(path.join(out, `${name}.${theme}.html`), page);
  }
  return name;
}

async function sampleFinding(engine: ReturnType<typeof createEngine>, lessonId: string, example: CodeExample, locale: Locale): Promise<{ finding?: Finding; excerpt?: CodeExcerpt }> {
  const sources = example.files.filter((file) => file.before !== undefined).map((file) => ({ path: file.path, text: file.before! }));
  await engine.prepare(sources.map((source) => source.path), nodeParserAssets(path.join(root, 'host')));
  if (example.rule) {
    const result = analyzeProject(engine, sources, { locale, config: defaultConfig() }, { onlyRules: [example.rule] });
    const finding = result.files.flatMap((file) => file.findings).find((candidate) => candidate.ruleId === example.rule);
    if (finding) return { finding, excerpt: excerptOf(sources.find((source) => source.path === finding.file)!.text, finding) };
  }
  const visible = example.files.find((file) => !file.hidden && file.before !== undefined && MARKED_LINE[lessonId].test(file.before));
  if (!visible || lessonId === 'asking-better') return {};
  const text = visible.before!;
  const lines = new LineMap(text);
  const offset = text.search(MARKED_LINE[lessonId]);
  const lineEnd = text.indexOf('\n', offset);
  const finding: Finding = {
    ruleId: example.rule ?? 'n-plus-one',
    severity: 'warning',
    confidence: 'high',
    message: `(sample) ${lessonId}`,
    file: visible.path,
    range: lines.range(offset, lineEnd < 0 ? text.length : lineEnd),
    lesson: lessonId,
  };
  return { finding, excerpt: excerptOf(text, finding) };
}

function excerptOf(text: string, finding: Finding): CodeExcerpt {
  const lines = text.split('\n');
  const first = Math.max(1, finding.range.start.line - 4);
  const last = Math.min(lines.length, finding.range.end.line + 4);
  const { start, end } = finding.range;
  return {
    firstLine: first,
    lines: lines.slice(first - 1, last),
    highlight: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
    languageId: finding.file.endsWith('.py') ? 'python' : finding.file.endsWith('.prisma') ? 'prisma' : 'typescript',
  };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function takeScreenshots(pages: string[]): void {
  const shots = path.join(out, 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  for (const name of pages) {
    for (const theme of Object.keys(THEMES)) {
      const target = path.join(shots, `${name}.${theme}.png`);
      execFileSync(
        'chromium',
        ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--hide-scrollbars', '--window-size=760,4200', `--screenshot=${target}`, `file://${path.join(out, `${name}.${theme}.html`)}`],
        { stdio: 'ignore', timeout: 60_000 },
      );
    }
  }
  console.log(`screenshots in ${path.relative(root, shots)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
