// End to end: the workbench driven as a person would, through chromium and
// playwright-core, with screenshots in test-output/e2e/. Started by
// test/vscode/run.mjs, which owns the server, the workspace copy and cleanup.
//
// Waits are on what a person would see. Two retries, both where the workbench
// is known to race: Ctrl+. right after opening a file (the code-action request),
// and a click on a squiggle that Monaco redrew in between (decorations update).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROUTE = 'nextjs-app/app/api/visits/route.ts';
/** The Next.js feed route: the N+1, missing-index and unbounded-query findings carry rule fixes once those analyzers land. */
const FEED = 'nextjs-app/app/api/posts/route.ts';
/** Squiggles of the editor just opened, not of a file still showing in another group. */
const ACTIVE_EDITOR = '.editor-group-container.active .monaco-editor';
const OUR_ACTIONS = /^(Show lesson: |Ignore this line…|Disable .+ in this workspace)/;

/** How many findings the built CLI reports for one file of the workspace: what the editor must show there. */
function cliFindings(extension, workspace, relative) {
  // The whole workspace: findings in one file may come from another file's facts (the schema).
  const cli = spawnSync(process.execPath, [path.join(extension, 'dist', 'cli.js'), '.', '--format', 'json', '--fail-on', 'never'], { cwd: workspace, encoding: 'utf8' });
  return JSON.parse(cli.stdout).findings.filter((finding) => finding.file === relative).length;
}

export async function run({ chromium, port, workspace, extension, output, log }) {
  const results = [];
  const check = (ok, what) => {
    results.push(ok);
    log(ok ? 'PASS' : 'FAIL', what);
  };
  const skip = (what) => log('SKIP', what);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-chrome-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1500, height: 920 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (error) => log('pageerror', error.message));
  const shot = (name) => page.screenshot({ path: path.join(output, `${name}.png`) });

  const command = async (title) => {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(title);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
  };
  /** Quick Open, picking the row of this very path (several files are called route.ts), then waits for its text. */
  const openFile = async (relative, expectedText) => {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(relative);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: path.dirname(relative) }).filter({ hasText: path.basename(relative) });
    await row.first().waitFor({ timeout: 20_000 });
    await row.first().click();
    await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
    await page.locator('.monaco-editor .view-line', { hasText: expectedText }).first().waitFor({ timeout: 20_000 });
  };
  /** Opens the quick-fix menu on the cursor's line and returns its rows. */
  const quickFixMenu = async (expected) => {
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
  };
  /** Focuses a row of the open action widget with the keyboard (an overlay blocks clicks) and runs it. */
  const pick = async (row) => {
    for (let i = 0; i < 20 && !((await row.getAttribute('class')) ?? '').includes('focused'); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
  };
  /** The first entry of the menu's "Quick Fix" group that is a rule's fix (not one of ours, not a refactoring of another group). */
  const firstRuleFix = async (rows) => {
    let group = '';
    for (const row of await rows.all()) {
      const text = ((await row.textContent()) ?? '').trim();
      if (((await row.getAttribute('class')) ?? '').includes('group-header')) group = text;
      else if (group === 'Quick Fix' && text && !OUR_ACTIONS.test(text)) return text;
    }
    return undefined;
  };
  /**
   * Clicks (or hovers) the first visible squiggle. Monaco redraws decorations when diagnostics are
   * republished or the editor lays out again, so the element found may be gone a moment later:
   * look it up again then, as a person's second click would.
   */
  const onSquiggle = async (squiggles, action = 'click') => {
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
  };
  const webviewWith = async (selector, text) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const frames = page.locator('iframe.webview.ready');
      const count = await frames.count();
      for (let i = 0; i < count; i++) {
        if (!(await frames.nth(i).isVisible())) continue; // a hidden view's frame may linger
        const inner = frames.nth(i).contentFrame().locator('iframe#active-frame').contentFrame();
        const found = inner.locator(selector, text ? { hasText: text } : undefined);
        if ((await found.count().catch(() => 0)) > 0) return inner;
      }
      if (Date.now() > deadline) throw new Error(`no webview shows ${selector}${text ? ` with "${text}"` : ''}`);
      await page.waitForTimeout(200); // polling the frames, not a fixed wait for an outcome
    }
  };

  try {
    const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${extension}`]]));
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${payload}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    // The ScaleCheck status item shows once the extension host runs it: the workbench is ready for keys then.
    await page.locator('.statusbar-item .codicon-pulse').first().waitFor({ timeout: 60_000 });
    log('workbench loaded, ScaleCheck active');
    // User settings live in the browser here, so the Welcome page may show: close it first.
    await command('View: Close All Editors');

    // 1. A squiggle and the Problems entries.
    await openFile(ROUTE, 'const viewCounts');
    await page.waitForSelector(`${ACTIVE_EDITOR} .squiggly-warning`, { timeout: 60_000 });
    check(true, 'warning squiggle on the in-memory state');
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'viewCounts' });
    await problem.first().waitFor({ timeout: 20_000 });
    check((await page.locator('.markers-panel .monaco-list-row', { hasText: 'in-memory-state' }).count()) >= 1, 'Problems shows the finding with its rule id');
    await shot('01-diagnostic-and-problems');

    // The rule id in the Problems entry is a link to the lesson.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'viewCounts' }).locator('a.monaco-link', { hasText: 'in-memory-state' }).first().click();
    const fromProblems = await webviewWith('h1');
    check((await fromProblems.locator('body').textContent()).includes('viewCounts'), 'the rule link in Problems opens the lesson on this finding');
    await command('View: Close Primary Side Bar');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 15_000 });

    // 2. Hover: message, why it matters, impact, lesson link.
    await onSquiggle(page.locator(`${ACTIVE_EDITOR} .squiggly-warning:visible`), 'hover');
    const hover = page.locator('.monaco-hover', { hasText: 'Why it matters' });
    await hover.first().waitFor({ timeout: 15_000 });
    check((await hover.first().textContent()).includes('Show lesson'), 'hover explains the finding and links the lesson');
    await shot('02-hover');
    await page.keyboard.press('Escape');

    // 3. Ctrl+. on the finding: the quick-fix menu.
    // Clicking the squiggle puts the cursor inside the finding's range, where Ctrl+. asks for its actions.
    await onSquiggle(page.locator(`${ACTIVE_EDITOR} .squiggly-warning:visible`));
    let rows = await quickFixMenu('Show lesson');
    const titles = await rows.allTextContents();
    check(titles.some((t) => t.includes('Ignore this line')) && titles.some((t) => t.includes('Disable in-memory-state')), `quick-fix menu: ${titles.join(' | ')}`);
    await shot('03-quickfix-menu');

    // 4. The lesson panel, opened from the warning, next to the code.
    await pick(page.locator('.action-widget .monaco-list-row', { hasText: 'Show lesson' }).first());
    const lesson = await webviewWith('h1');
    check((await lesson.locator('body').textContent()).includes('viewCounts'), 'lesson panel shows the finding with the user\'s code');
    await shot('04-lesson-panel');

    // 5. The simulator: change an input and watch the numbers move.
    // The page's simulator form (lessons/page/main.ts): numeric fields marked data-sim, results in #sim-output.
    const input = lesson.locator('form.sim-inputs input[data-sim]').first();
    if ((await input.count()) > 0) {
      const outputs = lesson.locator('#sim-output');
      const before = await outputs.allTextContents();
      await input.scrollIntoViewIfNeeded();
      const value = Number((await input.inputValue()) || '0');
      await input.fill(String(Math.max(1, value) * 10)); // ten times the traffic, say
      const deadline = Date.now() + 10_000;
      let after = before;
      while (Date.now() < deadline && after.join() === before.join()) after = await outputs.allTextContents();
      check(after.join() !== before.join(), 'simulator numbers moved when an input changed');
      await shot('05-simulator');
    } else {
      skip('the lesson page has no simulator input yet');
    }

    // 6. Apply a rule fix from the keyboard on the feed route, once its analyzers offer one.
    await openFile(FEED, 'the home page feed');
    const feedSquiggles = page.locator(`${ACTIVE_EDITOR} :is(.squiggly-warning, .squiggly-info, .squiggly-error):visible`);
    if (cliFindings(extension, workspace, FEED) > 0) {
      // The CLI finds something here, so the editor must show it: wait for the squiggle, then fix it.
      await feedSquiggles.first().waitFor({ timeout: 30_000 });
      const before = await feedSquiggles.count();
      await onSquiggle(feedSquiggles);
      rows = await quickFixMenu('Show lesson');
      const ruleFix = await firstRuleFix(rows);
      if (ruleFix) {
        await pick(page.locator('.action-widget .monaco-list-row', { hasText: ruleFix }).first());
        // Visible squiggles only: editors in background tabs keep theirs in the DOM.
        for (const deadline = Date.now() + 20_000; (await feedSquiggles.count()) >= before; await page.waitForTimeout(100)) {
          if (Date.now() > deadline) throw new Error(`the squiggle stayed after "${ruleFix}"`);
        }
        check(true, `rule fix "${ruleFix}" applied and its squiggle went away`);
        await shot('06-after-rule-fix');
      } else {
        await page.keyboard.press('Escape');
        skip('no rule fix offered on the feed route yet');
      }
    } else {
      skip('no finding on the feed route yet');
    }
    // 7. The scaling report, from the status bar (before the ignore below clears its one finding).
    await page.locator('.statusbar-item', { hasText: /\d/ }).filter({ has: page.locator('.codicon-pulse') }).first().click();
    const report = await webviewWith('h1', /report|리포트/i);
    check((await report.locator('body').textContent()).length > 0, 'scaling report opened from the status bar');
    await shot('07-scaling-report');

    // 8. "Ignore this line…" from Ctrl+., with a reason typed into the prompt.
    await openFile(ROUTE, 'const viewCounts');
    await onSquiggle(page.locator(`${ACTIVE_EDITOR} .squiggly-warning:visible`));
    await quickFixMenu('Ignore this line');
    await pick(page.locator('.action-widget .monaco-list-row', { hasText: 'Ignore this line' }).first());
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('demo, one instance');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-line', { hasText: 'scalecheck-ignore-next-line in-memory-state -- demo, one instance' }).waitFor({ timeout: 15_000 });
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'viewCounts' }).first().waitFor({ state: 'detached', timeout: 20_000 });
    check(true, '"Ignore this line…" wrote the suppression with the reason and the finding cleared');
    await shot('08-after-ignore');
  } catch (error) {
    check(false, `unexpected: ${error.message}`);
    await shot('99-failure').catch(() => {});
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const passed = results.filter(Boolean).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  return results.every(Boolean) ? 0 : 1;
}
