// End to end: the workbench driven as a person would, through chromium and
// playwright-core, with screenshots in test-output/e2e/. Started by
// test/vscode/run.mjs, which owns the server, the workspace copy and cleanup.
//
// Two fresh windows: the example apps (every step, the README's screenshots)
// and a generated Next.js + Prisma app of about 300 files, so that the
// background index is not trivial when the first file opens.
//
// Waits are on what a person would see. Two retries, both where the workbench
// is known to race: Ctrl+. right after opening a file (the code-action request),
// and a click on a squiggle that Monaco redrew in between (decorations update).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeWorkspace } from '../vscode/prepare.mjs';

const ROUTE = 'nextjs-app/app/api/visits/route.ts';
/** The AI route: one call carries two findings (a long task and an unbounded AI call). */
const SUMMARIZE = 'nextjs-app/app/api/summarize/route.ts';
/** The Next.js feed route: the N+1, missing-index and unbounded-query findings carry rule fixes. */
const FEED = 'nextjs-app/app/api/posts/route.ts';
/** Squiggles of the editor just opened, not of a file still showing in another group. */
const ACTIVE_EDITOR = '.editor-group-container.active .monaco-editor';
const SQUIGGLES = ':is(.squiggly-warning, .squiggly-info, .squiggly-error)';
const OUR_ROWS = /^(Show lesson: |Ignore this line…|Disable .+ in this workspace)/;
/** The first-squiggle target of the issue: opening a file in a fresh window to its first squiggle. */
const FIRST_SQUIGGLE_TARGET_MS = 1_500;
const LARGE_FILES = 300;

/** The built CLI's findings for the workspace: what the editor must show. */
function cliFindings(extension, workspace) {
  const cli = spawnSync(process.execPath, [path.join(extension, 'dist', 'cli.js'), '.', '--format', 'json', '--fail-on', 'never'], { cwd: workspace, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(cli.stdout).findings;
}

export async function run({ chromium, port, workspace, extension, output, log }) {
  const results = [];
  const check = (ok, what) => {
    results.push(ok);
    log(ok ? 'PASS' : 'FAIL', what);
  };
  const measures = [];
  try {
    await examplesWindow({ chromium, port, workspace, extension, output, log, check, measures });
    await largeWindow({ chromium, port, workspace: path.join(path.dirname(workspace), 'ws-e2e-large'), extension, output, log, check, measures });
  } catch (error) {
    check(false, `unexpected: ${error.stack ?? error.message}`);
  }
  for (const measure of measures) console.log(`measure: ${measure}`);
  const passed = results.filter(Boolean).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  return results.length && results.every(Boolean) ? 0 : 1;
}

/** A fresh browser profile on a workspace folder: a new window, as a person opening the folder would get. */
async function openWindow({ chromium, port, workspace, extension, output, log }, prefix) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-chrome-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1500, height: 920 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (error) => log('pageerror', error.message));
  const ui = workbench(page, log);
  const shot = (name) => page.screenshot({ path: path.join(output, `${prefix}${name}.png`) });
  const close = async () => {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${extension}`]]));
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${payload}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  // The ScaleCheck status item shows once the extension host runs it: the workbench is ready for keys then.
  await page.locator('.statusbar-item .codicon-pulse').first().waitFor({ timeout: 60_000 });
  // User settings live in the browser here, so the Welcome page may show: close it first.
  await ui.command('View: Close All Editors');
  return { page, ui, shot, close };
}

/** Workbench gestures shared by both windows. */
function workbench(page, log) {
  const ui = {
    async command(title) {
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(title);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
    },
    /** Quick Open, picking the row of this very path (several files are called route.ts); resolves when it is picked. */
    async pickFile(relative) {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(relative);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: path.dirname(relative) }).filter({ hasText: path.basename(relative) });
      await row.first().waitFor({ timeout: 20_000 });
      await row.first().click();
    },
    async openFile(relative, expectedText) {
      // Code opens in the first group: a click into the lesson beside makes that group the active one.
      await ui.command('View: Focus First Editor Group');
      await ui.pickFile(relative);
      await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
      await page.locator('.monaco-editor .view-line', { hasText: expectedText }).first().waitFor({ timeout: 20_000 });
    },
    /** Puts the cursor on a line (1-based) with Go to Line. */
    async goToLine(line) {
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(String(line));
      await page.keyboard.press('Enter');
      await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
    },
    /** Opens the quick-fix menu at the cursor and returns its rows, once a row matching `expected` shows. */
    async quickFixMenu(expected) {
      const rows = page.locator('.action-widget .monaco-list-row', { hasText: expected });
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+.');
        try {
          await rows.first().waitFor({ timeout: 10_000 });
          return page.locator('.action-widget .monaco-list-row');
        } catch (error) {
          if (attempt >= 6) throw error;
          log('quick-fix menu not there yet, retrying');
          await page.keyboard.press('Escape');
        }
      }
    },
    /** The menu's rows of its "Quick Fix" group, in order, as a person reads them. */
    async quickFixRows(rows) {
      const out = [];
      let group = '';
      for (const row of await rows.all()) {
        const text = ((await row.textContent()) ?? '').trim();
        if (((await row.getAttribute('class')) ?? '').includes('group-header')) group = text;
        else if (group === 'Quick Fix' && text) out.push(text);
      }
      return out;
    },
    /** Focuses a row of the open action widget with the keyboard (an overlay blocks clicks) and runs it. */
    async pick(row) {
      for (let i = 0; i < 20 && !((await row.getAttribute('class')) ?? '').includes('focused'); i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
    },
    /**
     * Clicks (or hovers) the first visible squiggle. Monaco redraws decorations when diagnostics are
     * republished or the editor lays out again, so the element found may be gone a moment later:
     * look it up again then, as a person's second click would.
     */
    async onSquiggle(squiggles, action = 'click') {
      const deadline = Date.now() + 20_000;
      for (;;) {
        try {
          const target = squiggles.first();
          await target.waitFor({ timeout: 5_000 });
          await target[action]({ force: true, timeout: 2_000 });
          return;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          log(`squiggle moved before the ${action}, looking again`);
          await page.waitForTimeout(200);
        }
      }
    },
    /** The inner frame of a visible webview showing `selector` (with `text`). */
    async webviewWith(selector, text) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const frames = page.locator('iframe.webview.ready');
        const count = await frames.count();
        for (let i = 0; i < count; i++) {
          if (!(await frames.nth(i).isVisible())) continue; // a hidden view's frame may linger
          const inner = frames.nth(i).contentFrame().locator('iframe#active-frame').contentFrame();
          const found = inner.locator(selector, text ? { hasText: text } : undefined);
          if ((await found.count().catch(() => 0)) > 0) return { inner, frame: frames.nth(i) };
        }
        if (Date.now() > deadline) throw new Error(`no webview shows ${selector}${text ? ` with "${text}"` : ''}`);
        await page.waitForTimeout(200); // polling the frames, not a fixed wait for an outcome
      }
    },
    /** Waits until no CSS animation runs in the workbench (a hover fades in). */
    async still() {
      for (const deadline = Date.now() + 5_000; Date.now() < deadline; ) {
        if (await page.evaluate(() => document.getAnimations().every((animation) => animation.playState !== 'running'))) return;
        await page.waitForTimeout(50); // polling the animations
      }
    },
    /** Waits until a webview page's stylesheet applies (a re-rendered page is unstyled for a moment). */
    async styled(inner) {
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
        const ready = await inner.locator('body').evaluate(() => document.readyState === 'complete' && [...document.styleSheets].some((sheet) => (sheet.href ?? '').includes('lesson.css'))).catch(() => false);
        if (ready) return;
        await page.waitForTimeout(100); // polling the page's state
      }
    },
    /** ScaleCheck's status bar count and the Problems panel's total, as shown. */
    async counts() {
      const status = ((await page.locator('.statusbar-item').filter({ has: page.locator('.codicon-pulse') }).first().textContent()) ?? '').match(/\d+/g) ?? [];
      const label = (await page.locator('.panel .composite-bar [aria-label^="Problems"], .composite-bar [aria-label^="Problems"]').first().getAttribute('aria-label').catch(() => '')) ?? '';
      const problems = Number(/Total (\d+) Problems?/.exec(label)?.[1] ?? (/\((\d+)\)/.exec(label)?.[1] ?? '0'));
      return { status: status.reduce((sum, n) => sum + Number(n), 0), problems, label };
    },
    /** Waits for Problems and the status bar to show `expected` findings both (agree), or times out. */
    async countsAgree(expected, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      let last;
      while (Date.now() < deadline) {
        last = await ui.counts();
        if (last.status === expected && last.problems === expected) return { agree: true, ...last };
        await page.waitForTimeout(250); // polling what the workbench shows
      }
      return { agree: false, ...last };
    },
    /**
     * Opens Problems and types `text` into its filter until a row with that text shows. The panel takes
     * the focus a moment after it opens, and a row outside the viewport is not rendered at all, so a
     * filter typed too early (or into the editor) leaves the wanted row missing: type it again then.
     */
    async filterProblems(text) {
      for (let attempt = 1; ; attempt++) {
        // Ctrl+Shift+M toggles: press it only while the panel is not showing.
        if (!(await page.locator('.markers-panel').first().isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+M');
        await page.locator('.markers-panel .monaco-list-row').first().waitFor({ timeout: 20_000 });
        const filter = page.locator('.part.panel .viewpane-filter, .markers-panel-container .viewpane-filter').first();
        await filter.click();
        await page.keyboard.press('Control+A');
        await page.keyboard.type(text);
        const typed = await filter.locator('input, textarea').first().inputValue().catch(() => '');
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();
        try {
          await row.waitFor({ timeout: 8_000 });
          return filter;
        } catch (error) {
          if (attempt >= 4) throw new Error(`no Problems row shows "${text}" after ${attempt} tries (the filter held "${typed}")`);
          log(`Problems filter try ${attempt}: it held "${typed}" and no row showed "${text}", typing it again`);
        }
      }
    },
    /** Text of the visible notification toasts. */
    async notifications() {
      return page.locator('.notifications-toasts .notification-toast').allTextContents();
    },
  };
  return ui;
}

/** Time from picking a file in Quick Open to its first squiggle. */
async function firstSquiggle(page, ui, relative, log) {
  await ui.pickFile(relative);
  const started = Date.now();
  const text = page.waitForSelector(`${ACTIVE_EDITOR} .view-line`, { timeout: 60_000 }).then(() => Date.now() - started);
  await page.waitForSelector(`${ACTIVE_EDITOR} ${SQUIGGLES}`, { timeout: 60_000 });
  const squiggle = Date.now() - started;
  log(`picked ${relative} at ${new Date(started).toISOString()}: its text showed after ${await text} ms, the first squiggle after ${squiggle} ms`);
  return squiggle;
}

async function examplesWindow(context) {
  const { extension, workspace, log, check, measures } = context;
  const expected = cliFindings(extension, workspace);
  const { page, ui, shot, close } = await openWindow(context, '');
  try {
    log('workbench loaded, ScaleCheck active');

    // 1. The first squiggle of a fresh window, then the Problems entries.
    const firstMs = await firstSquiggle(page, ui, ROUTE, log);
    measures.push(`first squiggle, examples (${expected.length} findings, 40 files): ${firstMs} ms (target ≤ ${FIRST_SQUIGGLE_TARGET_MS} ms)`);
    // Every file's findings are listed: filter the Problems panel to this one's, as a person would.
    const filter = await ui.filterProblems('viewCounts');
    check((await page.locator('.markers-panel .monaco-list-row', { hasText: 'in-memory-state' }).count()) >= 1, 'Problems shows the finding with its rule id');

    // 2. Problems and the status bar count the same findings, those of files not opened included.
    const counts = await ui.countsAgree(expected.length);
    check(counts.agree && counts.status === expected.length, `Problems (${counts.problems}) and the status bar (${counts.status}) agree with the CLI (${expected.length})`);
    await shot('01-diagnostic-and-problems');

    // The rule id in the Problems entry is a link to the lesson.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'viewCounts' }).locator('a.monaco-link', { hasText: 'in-memory-state' }).first().click();
    const fromProblems = await ui.webviewWith('h1');
    check((await fromProblems.inner.locator('body').textContent()).includes('viewCounts'), 'the rule link in Problems opens the lesson on this finding');
    await filter.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await ui.command('View: Close All Editors');
    await page.keyboard.press('Control+J'); // the panel away: room for the hover and the menu

    // 3. Hover on a call with two findings: one compact entry each, messages once, code exact.
    await ui.openFile(SUMMARIZE, 'openai.chat.completions.create');
    const messages = expected.filter((finding) => finding.file === SUMMARIZE && finding.line === 11).map((finding) => finding.message);
    await page.waitForSelector(`${ACTIVE_EDITOR} ${SQUIGGLES}`, { timeout: 30_000 });
    await ui.onSquiggle(page.locator(`${ACTIVE_EDITOR} .squiggly-warning:visible`), 'hover');
    const hover = page.locator('.monaco-hover', { hasText: 'Why it matters' }).first();
    await hover.waitFor({ timeout: 15_000 });
    const hoverText = (await hover.textContent()) ?? '';
    const once = (text) => hoverText.split(text).length - 1;
    check(messages.length === 2 && messages.every((message) => once(message.slice(0, 60).replace(/`/g, '')) <= 1 || once(message.slice(0, 60)) === 1), `each of the ${messages.length} messages shows once in the hover`);
    check(once('Why it matters') === 2 && once('Show lesson') === 2, 'one entry per finding (title, why, cost, lesson)');
    check(/10-second limit of Vercel/.test(hoverText) && !/Gunicorn|2 workers/.test(hoverText), 'the cost speaks of the Vercel function limit, not of Gunicorn');
    const codes = await hover.locator('code').allTextContents();
    check(codes.length > 0 && codes.every((code) => !code.includes('\\')), `code in the hover is exact: ${codes.join(' · ')}`);
    await ui.still();
    await shot('02-hover');
    await page.keyboard.press('Escape');

    // 4. Ctrl+. on that call: fixes first, then the lessons, one ignore, then disable.
    await ui.onSquiggle(page.locator(`${ACTIVE_EDITOR} .squiggly-warning:visible`));
    let rows = await ui.quickFixMenu('Show lesson');
    const titles = await ui.quickFixRows(rows);
    const kinds = titles.map((title) => (title.startsWith('Show lesson: ') ? 'lesson' : title.startsWith('Ignore this line') ? 'ignore' : /^Disable /.test(title) ? 'disable' : 'fix'));
    const order = kinds.join(' ');
    check(/^(fix )+(lesson ){2}ignore( disable){2}$/.test(order), `quick-fix rows in order: ${titles.join(' | ')}`);
    await shot('03-quickfix-menu');

    // Enter applies the first, preferred fix; it edits lib/openai.ts, so it says so and leaves it unsaved.
    await page.keyboard.press('Enter');
    const edited = page.locator('.notifications-toasts .notification-toast', { hasText: 'not saved yet' });
    await edited.first().waitFor({ timeout: 20_000 });
    check(titles[0].includes('(edits `nextjs-app/lib/openai.ts`)') || titles[0].includes('(edits nextjs-app/lib/openai.ts)'), `the preferred fix names the other file it edits: ${titles[0]}`);
    check((await edited.first().textContent()).includes('nextjs-app/lib/openai.ts'), 'after applying, a notification names the edited, unsaved file');
    await shot('03b-cross-file-fix-notice');
    await page.keyboard.press('Escape');

    // 5. The lesson beside the code, starting at its top; another lesson starts at its top again.
    await ui.openFile(ROUTE, 'const viewCounts');
    await ui.onSquiggle(page.locator(`${ACTIVE_EDITOR} .squiggly-warning:visible`));
    rows = await ui.quickFixMenu('Show lesson');
    await ui.pick(page.locator('.action-widget .monaco-list-row', { hasText: 'Show lesson' }).first());
    const lesson = await ui.webviewWith('h1', /stateless/i);
    check((await lesson.inner.locator('body').textContent()).includes('viewCounts'), 'the lesson shows the finding with the user\'s code');
    const groups = await page.locator('.editor-group-container').count();
    const lessonBox = await lesson.frame.boundingBox();
    const codeBox = await page.locator('.editor-group-container .monaco-editor').first().boundingBox();
    await ui.styled(lesson.inner);
    check(groups === 2 && lessonBox && codeBox && lessonBox.x > codeBox.x + codeBox.width / 2 && lessonBox.width > 450, `the lesson opens in an editor group beside the code (${groups} groups, ${Math.round(lessonBox?.width ?? 0)} px wide)`);
    await shot('04-lesson-beside-the-code');
    const scrollOf = () => lesson.inner.locator('body').evaluate(() => window.scrollY);
    await lesson.inner.locator('#fix').scrollIntoViewIfNeeded();
    const scrolled = await scrollOf();

    // 6. The simulator: change an input and watch the numbers move.
    const input = lesson.inner.locator('form.sim-inputs input[data-sim]').first();
    const outputs = lesson.inner.locator('#sim-output');
    const before = await outputs.allTextContents();
    await input.scrollIntoViewIfNeeded();
    const value = Number((await input.inputValue()) || '0');
    await input.fill(String(Math.max(1, value) * 10)); // ten times the traffic, say
    let after = before;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && after.join() === before.join(); ) after = await outputs.allTextContents();
    check(after.join() !== before.join(), 'simulator numbers moved when an input changed');
    await shot('05-simulator');

    // Another finding's lesson (the feed route's N+1) starts at its top.
    await ui.openFile(FEED, 'the home page feed');
    await ui.goToLine(17);
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    rows = await ui.quickFixMenu('Show lesson: N+1');
    await ui.pick(page.locator('.action-widget .monaco-list-row', { hasText: 'Show lesson: N+1' }).first());
    const next = await ui.webviewWith('h1', /N\+1/);
    let top = -1;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      top = await next.inner.locator('body').evaluate(() => window.scrollY).catch(() => -1);
      if (top === 0) break;
    }
    check(scrolled > 200 && top === 0, `a new lesson starts at its top (the last one was scrolled to ${scrolled} px; this one is at ${top} px)`);

    // 7. A rule fix that turns its neighbour into another finding says so (take: 100 → the index wants the sort column).
    await ui.goToLine(8);
    rows = await ui.quickFixMenu('take: 100');
    await ui.pick(page.locator('.action-widget .monaco-list-row', { hasText: 'take: 100' }).first());
    const turned = page.locator('.notifications-toasts .notification-toast', { hasText: 'This fix changed another finding' });
    await turned.first().waitFor({ timeout: 20_000 });
    // The toast can show before the re-analysis that names the new index has finished: read it until it settles.
    let turnedText = '';
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && !turnedText.includes('@@index([status, createdAt])'); ) {
      turnedText = (await turned.allTextContents()).join(' | ');
    }
    check(turnedText.includes('@@index([status, createdAt])'), `the fix says the missing-index finding now asks for [status, createdAt] (the toast: ${turnedText.slice(0, 300)})`);
    await ui.styled((await ui.webviewWith('h1', /N\+1/)).inner);
    await shot('06-after-rule-fix');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');

    // 8. The scaling report, from the status bar.
    await page.locator('.statusbar-item').filter({ has: page.locator('.codicon-pulse') }).first().click();
    const report = await ui.webviewWith('h1', /report|리포트/i);
    check((await report.inner.locator('body').textContent()).length > 0, 'scaling report opened from the status bar');
    await shot('07-scaling-report');
    await ui.command('View: Close All Editors');

    // 9. "Ignore this line…" from Ctrl+., with a reason typed into the prompt.
    await ui.openFile(ROUTE, 'const viewCounts');
    await ui.onSquiggle(page.locator(`${ACTIVE_EDITOR} .squiggly-warning:visible`));
    await ui.quickFixMenu('Ignore this line');
    await ui.pick(page.locator('.action-widget .monaco-list-row', { hasText: 'Ignore this line' }).first());
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('demo, one instance');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-line', { hasText: 'scalecheck-ignore-next-line in-memory-state -- demo, one instance' }).waitFor({ timeout: 15_000 });
    check(true, '"Ignore this line…" wrote the suppression with the reason');

    // 10. Korean: findings, hover labels and lesson follow scalecheck.lessonLanguage.
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'scalecheck.lessonLanguage': 'ko' }, null, 2));
    await ui.command('View: Close All Editors');
    await ui.openFile(SUMMARIZE, 'openai.chat.completions.create');
    await page.waitForSelector(`${ACTIVE_EDITOR} ${SQUIGGLES}`, { timeout: 30_000 });
    const korean = page.locator('.monaco-hover', { hasText: '왜 중요한가' }).first();
    for (const deadline = Date.now() + 30_000; !(await korean.isVisible().catch(() => false)); ) {
      if (Date.now() > deadline) throw new Error('no Korean hover');
      await ui.onSquiggle(page.locator(`${ACTIVE_EDITOR} .squiggly-warning:visible`), 'hover');
      await page.waitForTimeout(300); // the hover shows after its delay; then look again
    }
    const koText = (await korean.textContent()) ?? '';
    check(/레슨 보기/.test(koText) && !/Why it matters|Show lesson/.test(koText), 'the Korean hover has Korean labels');
    await ui.still();
    await shot('09-korean-hover');
    await page.keyboard.press('Escape');
    await ui.onSquiggle(page.locator(`${ACTIVE_EDITOR} .squiggly-warning:visible`));
    await ui.quickFixMenu('레슨 보기');
    await ui.pick(page.locator('.action-widget .monaco-list-row', { hasText: '레슨 보기' }).first());
    const koLesson = await ui.webviewWith('html[lang="ko"] h1');
    check(/[가-힣]/.test((await koLesson.inner.locator('h1').textContent()) ?? ''), 'the lesson opens in Korean beside the code');
    await ui.styled(koLesson.inner);
    await shot('10-korean-lesson');
  } catch (error) {
    check(false, `unexpected: ${error.message}`);
    await shot('99-failure').catch(() => {});
  } finally {
    await close();
  }
}

async function largeWindow(context) {
  const { extension, workspace, log, check, measures } = context;
  const require = createRequire(import.meta.url);
  const { generateNextApp } = require(path.join(extension, 'dist-test', 'e2e', 'corpus-next.cjs'));
  const files = generateNextApp(7, LARGE_FILES);
  writeWorkspace(files, workspace);
  const expected = cliFindings(extension, workspace);
  // A route the CLI reports a warning in, so a squiggle is certain.
  const route = expected.find((finding) => /^app\/api\/.+\/route\.ts$/.test(finding.file) && finding.severity === 'warning')?.file;
  if (!route) throw new Error('the generated app has no route with a warning');
  const firstLine = files.find((file) => file.path === route).text.split('\n').find((line) => line.trim().length > 8).trim();
  log(`large workspace: ${files.length} files, ${expected.length} findings; opening ${route}`);
  const { page, ui, shot, close } = await openWindow(context, 'large-');
  try {
    const firstMs = await firstSquiggle(page, ui, route, log);
    const atFirst = await ui.counts();
    await page.locator('.monaco-editor .view-line', { hasText: firstLine.slice(0, 30) }).first().waitFor({ timeout: 20_000 });
    measures.push(`first squiggle, ${files.length}-file workspace (${expected.length} findings): ${firstMs} ms (target ≤ ${FIRST_SQUIGGLE_TARGET_MS} ms)`);
    // Timings are reported, not asserted (the machine is shared); what must hold is the order: the opened file
    // is analyzed at once with the facts at hand, while the index still runs, and refined when it is done.
    check(atFirst.status < expected.length, `the opened file's squiggle came while the workspace was still being indexed (${atFirst.status} of ${expected.length} findings known then)`);
    await shot('01-first-squiggle');
    await page.keyboard.press('Control+Shift+M');
    const counts = await ui.countsAgree(expected.length, 180_000);
    check(counts.agree && counts.status === expected.length, `${files.length} files: Problems (${counts.problems}) and the status bar (${counts.status}) agree with the CLI (${expected.length})`);
    await shot('02-problems-and-status');
  } catch (error) {
    check(false, `unexpected (large workspace): ${error.message}`);
    await shot('99-failure').catch(() => {});
  } finally {
    await close();
  }
}
