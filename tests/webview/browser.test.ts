// The trace webview in a real browser: Debian's headless Chromium driven by playwright-core (never a downloaded
// browser). The page is the panel's own HTML (webview/src/html.ts, same CSP) with the webview bundled from
// source; the fixture traces of each kind are posted the way the extension posts them, the player is stepped
// by keyboard, drawn pixels are checked against the traces, and screenshots are saved to .test-output/webview/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { Trace } from '../../core/src/trm/trace';
import { traceHtml } from '../../webview/src/html';
import type { PuzzleView, ToWebview } from '../../webview/src/messages';
import { ARC_PALETTE } from '../../webview/src/render';
import { buildFrame } from '../../webview/src/viewModel';

const root = join(__dirname, '..', '..');
const CHROMIUM = process.env.GRID_REASONER_CHROMIUM ?? '/usr/bin/chromium';
const outDir = join(root, '.test-output', 'webview');
const fixtures = join(root, 'tests', 'fixtures', 'traces');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`# SKIP webview browser tests: Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`);

function load(name: string): { trace: Trace; puzzle: PuzzleView } {
  return {
    trace: JSON.parse(readFileSync(join(fixtures, `${name}.trace.json`), 'utf8')) as Trace,
    puzzle: JSON.parse(readFileSync(join(fixtures, `${name}.puzzle.json`), 'utf8')) as PuzzleView,
  };
}

// VS Code's Dark Modern and Light Modern values of the variables the webview reads.
const DARK: Record<string, string> = {
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editor-foreground': '#cccccc',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-errorForeground': '#f85149',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-font-family': 'system-ui, "DejaVu Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"DejaVu Sans Mono", monospace',
};
const LIGHT: Record<string, string> = {
  ...DARK,
  '--vscode-editor-background': '#ffffff',
  '--vscode-editor-foreground': '#3b3b3b',
  '--vscode-foreground': '#3b3b3b',
  '--vscode-descriptionForeground': '#3b3b3b',
  '--vscode-panel-border': '#e5e5e5',
  '--vscode-focusBorder': '#005fb8',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-yellow': '#bf8803',
  '--vscode-charts-green': '#388a34',
  '--vscode-charts-red': '#e51400',
  '--vscode-errorForeground': '#f85149',
  '--vscode-button-secondaryBackground': '#e5e5e5',
  '--vscode-button-secondaryForeground': '#3b3b3b',
};

const HC: Record<string, string> = {
  ...DARK,
  '--vscode-editor-background': '#000000',
  '--vscode-editor-foreground': '#ffffff',
  '--vscode-foreground': '#ffffff',
  '--vscode-descriptionForeground': '#ffffff',
  '--vscode-contrastBorder': '#6fc3df',
  '--vscode-focusBorder': '#f38518',
  '--vscode-button-secondaryBackground': '#000000',
  '--vscode-button-secondaryForeground': '#ffffff',
};

function hexRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function near(a: number[], b: number[], tol = 12): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tol);
}

describe('trace webview in Chromium', { skip: haveChromium ? false : `Chromium not installed at ${CHROMIUM}` }, () => {
  let browser: Browser;
  let pageUrl: string;
  const problems: string[] = [];

  before(async () => {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    await esbuild.build({
      entryPoints: [join(root, 'webview/src/main.ts')],
      outfile: join(outDir, 'webview.js'),
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      logLevel: 'silent',
    });
    writeFileSync(
      join(outDir, 'index.html'),
      traceHtml({ cspSource: 'file:', nonce: 'TestNonce0123456789abcdefABCDEF01', scriptUri: 'webview.js' }),
    );
    pageUrl = `file://${join(outDir, 'index.html')}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    console.log(`# webview screenshots and exports: ${outDir}`);
  });

  after(async () => {
    await browser?.close();
  });

  /** A page with a stub of VS Code's webview API (records posts and the saved state) and a theme. */
  async function open(opts: { theme?: 'dark' | 'light' | 'hc'; saved?: unknown; width?: number } = {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: opts.width ?? 1000, height: 1000 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    const vars = opts.theme === 'light' ? LIGHT : opts.theme === 'hc' ? HC : DARK;
    // tsx compiles the functions below with esbuild's keepNames, which calls a `__name` helper: give the page one.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript(
      ({ saved, vars, cls }) => {
        const w = window as unknown as Record<string, unknown>;
        w.__posted = [];
        w.__state = saved;
        w.acquireVsCodeApi = () => ({
          postMessage: (m: unknown) => (w.__posted as unknown[]).push(m),
          getState: () => w.__state,
          setState: (s: unknown) => void (w.__state = s),
        });
        document.addEventListener('DOMContentLoaded', () => {
          for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
          document.body.classList.add(cls);
        });
      },
      {
        saved: opts.saved ?? null,
        vars,
        cls: opts.theme === 'light' ? 'vscode-light' : opts.theme === 'hc' ? 'vscode-high-contrast' : 'vscode-dark',
      },
    );
    await page.goto(pageUrl);
    await page
      .waitForFunction(
        () => ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'),
        undefined,
        { timeout: 10_000 },
      )
      .catch((e: Error) => {
        throw new Error(`the webview never posted 'ready': ${e.message}\n${problems.join('\n')}`);
      });
    return page;
  }

  async function send(page: Page, msg: ToWebview): Promise<void> {
    await page.evaluate((m) => window.postMessage(m, '*'), msg);
    await page.waitForTimeout(30);
  }

  async function body(page: Page, key: string): Promise<string | undefined> {
    return page.evaluate((k) => document.body.dataset[k], key);
  }

  /** RGB at the centre of cell (r, c) of a board canvas, or the pixel at (dx, dy) inside the cell. */
  async function cellPixels(page: Page, role: string, cells: [number, number][], at: [number, number] = [0.5, 0.5]): Promise<number[][]> {
    return page.evaluate(
      ({ role, cells, at }) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`canvas[data-role="${role}"]`);
        if (!canvas) throw new Error(`no canvas ${role}`);
        const cell = Number(canvas.dataset.cell);
        const scale = canvas.width / canvas.getBoundingClientRect().width;
        const ctx = canvas.getContext('2d')!;
        return cells.map(([r, c]) => {
          const x = Math.floor((1 + (c + at[0]) * cell) * scale);
          const y = Math.floor((1 + (r + at[1]) * cell) * scale);
          return Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3));
        });
      },
      { role, cells, at },
    );
  }

  /** The colour of the ink in a cell: the pixel of its inner area farthest from the cell's background. */
  async function cellInk(page: Page, role: string, r: number, c: number): Promise<number[]> {
    return page.evaluate(
      ({ role, r, c }) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`canvas[data-role="${role}"]`)!;
        const cell = Number(canvas.dataset.cell);
        const scale = canvas.width / canvas.getBoundingClientRect().width;
        const ctx = canvas.getContext('2d')!;
        const x0 = Math.floor((1 + c * cell + cell * 0.2) * scale);
        const y0 = Math.floor((1 + r * cell + cell * 0.2) * scale);
        const n = Math.floor(cell * 0.6 * scale);
        const d = ctx.getImageData(x0, y0, n, n).data;
        const bg = [d[0]!, d[1]!, d[2]!];
        let best = bg;
        let bestD = -1;
        for (let i = 0; i < d.length; i += 4) {
          const dist = Math.abs(d[i]! - bg[0]!) + Math.abs(d[i + 1]! - bg[1]!) + Math.abs(d[i + 2]! - bg[2]!);
          if (dist > bestD) {
            bestD = dist;
            best = [d[i]!, d[i + 1]!, d[i + 2]!];
          }
        }
        return best;
      },
      { role, r, c },
    );
  }

  async function press(page: Page, key: string, times = 1): Promise<void> {
    for (let i = 0; i < times; i++) await page.keyboard.press(key);
    await page.waitForTimeout(30);
  }

  test('ARC: train pairs and test in the ARC palette; keys step the prediction; wrong cells flagged', async () => {
    const { trace, puzzle } = load('arc-0ca9ddb6');
    const page = await open();
    await send(page, { type: 'showPuzzle', puzzle, trace });
    assert.equal(await body(page, 'kind'), 'arc');
    assert.equal(await body(page, 'step'), '16', 'a finished trace opens at its last step');
    const trainCanvases = await page.locator('canvas[data-role^="train-"]').count();
    assert.equal(trainCanvases, 2 * puzzle.pairs!.filter((p) => p.role === 'train').length);

    // Train pair 1: every cell in the palette colour of its symbol.
    const pair = puzzle.pairs![0]!;
    const all = (g: string[][]): [number, number][] => g.flatMap((row, r) => row.map((_, c) => [r, c] as [number, number]));
    const px = await cellPixels(page, 'train-0-out', all(pair.output!));
    all(pair.output!).forEach(([r, c], i) =>
      assert.ok(near(px[i]!, hexRgb(ARC_PALETTE[Number(pair.output![r]![c])]!), 2), `train 1 output cell ${r},${c}`),
    );

    await press(page, 'Home');
    assert.equal(await body(page, 'step'), '1');
    await press(page, 'ArrowRight', 5);
    assert.equal(await body(page, 'step'), '6');
    await press(page, 'ArrowLeft');
    assert.equal(await body(page, 'step'), '5');
    // The prediction canvas shows step 5's grid.
    const step5 = trace.steps[4]!.grid;
    const p5 = await cellPixels(page, 'prediction', all(step5));
    all(step5).forEach(([r, c], i) => assert.ok(near(p5[i]!, hexRgb(ARC_PALETTE[Number(step5[r]![c])]!), 2), `step 5 cell ${r},${c}`));

    await press(page, 'End');
    assert.equal(await body(page, 'step'), '16');
    // The two cells the simulated model never gets right carry the error flag in their top-right corner.
    const frame = buildFrame(trace, 15);
    const wrong = frame.cells.flatMap((row, r) => row.flatMap((cell, c) => (cell.wrong ? [[r, c] as [number, number]] : [])));
    assert.deepEqual(wrong, [
      [1, 6],
      [6, 8],
    ]);
    const flags = await cellPixels(page, 'prediction', wrong, [0.9, 0.1]);
    for (const f of flags) assert.ok(near(f, hexRgb(DARK['--vscode-errorForeground']!), 30), `wrong flag colour ${f}`);
    const rightCell = await cellPixels(page, 'prediction', [[0, 0]], [0.9, 0.1]);
    assert.ok(near(rightCell[0]!, hexRgb(ARC_PALETTE[0]!), 2), 'a right cell has no flag');
    assert.match(await page.locator('#summary').innerText(), /Step 16 of 16, .*2 wrong/);

    await press(page, 'ArrowLeft', 4); // step 12: past the halting point
    await page.locator('#digits').check();
    assert.equal(await body(page, 'digits'), 'true');
    await page.screenshot({ path: join(outDir, 'arc-task.png'), fullPage: true });
    await page.close();
  });

  test('Sudoku: boxes, givens apart from predictions, mid-trace by keyboard, play/pause, heat map, cell history', async () => {
    const { trace, puzzle } = load('sudoku-9x9');
    const page = await open();
    await send(page, { type: 'showTrace', trace, puzzle });
    await page.locator('#slider').focus();
    await press(page, 'Home');
    assert.equal(await body(page, 'step'), '1');
    await page.locator('body').click({ position: { x: 5, y: 5 } }); // focus back on the page
    await press(page, 'ArrowRight', 3);
    assert.equal(await body(page, 'step'), '4');
    assert.equal(await page.locator('#slider').inputValue(), '3');
    const frame = buildFrame(trace, 3);
    assert.match(
      (await page.locator('canvas[data-role="prediction"]').getAttribute('aria-label')) ?? '',
      new RegExp(`Step 4 of 16, ${frame.changedCount} cells changed, ${frame.wrongCount} wrong`),
    );

    // A given (0,1 is '5') is drawn in the text colour; a predicted cell in the accent (or error) colour.
    assert.equal(trace.given[0]![1], '5');
    const givenInk = await cellInk(page, 'prediction', 0, 1);
    assert.ok(near(givenInk, hexRgb(DARK['--vscode-editor-foreground']!), 40), `given ink ${givenInk}`);
    const predicted = frame.cells.flatMap((row, r) =>
      row.flatMap((c, col) => (!c.given && !c.wrong && c.symbol !== '.' ? [[r, col]] : [])),
    )[0]!;
    const predInk = await cellInk(page, 'prediction', predicted[0]!, predicted[1]!);
    assert.ok(near(predInk, hexRgb(DARK['--vscode-charts-blue']!), 40), `predicted ink ${predInk}`);
    const wrongCell = frame.cells.flatMap((row, r) => row.flatMap((c, col) => (c.wrong && c.symbol !== '.' ? [[r, col]] : [])))[0]!;
    const wrongInk = await cellInk(page, 'prediction', wrongCell[0]!, wrongCell[1]!);
    assert.ok(near(wrongInk, hexRgb(DARK['--vscode-errorForeground']!), 40), `wrong ink ${wrongInk}`);

    // Space plays, and pauses.
    await press(page, ' ');
    assert.equal(await body(page, 'playing'), 'true');
    await page.waitForFunction(() => Number(document.body.dataset.step) >= 6, undefined, { timeout: 5000 });
    await press(page, ' ');
    assert.equal(await body(page, 'playing'), 'false');
    const stopped = await body(page, 'step');
    await page.waitForTimeout(800);
    assert.equal(await body(page, 'step'), stopped, 'paused stays put');
    await page.locator('#first').click();
    await press(page, 'ArrowRight', 4); // step 5 (the buttons take keys too: Right still steps)
    assert.equal(await body(page, 'step'), '5');

    // Heat map changes the cell colours; off again restores them.
    const before = await cellPixels(page, 'prediction', [[0, 0]], [0.15, 0.15]);
    await page.locator('#heatmap').check();
    const heat = await cellPixels(page, 'prediction', [[0, 0]], [0.15, 0.15]);
    assert.ok(!near(before[0]!, heat[0]!, 5), 'heat map tints the cells');
    await page.locator('#heatmap').uncheck();
    assert.deepEqual(await cellPixels(page, 'prediction', [[0, 0]], [0.15, 0.15]), before);

    // Clicking a cell shows its history over every step.
    const box = (await page.locator('canvas[data-role="prediction"]').boundingBox())!;
    const cell = Number(await page.locator('canvas[data-role="prediction"]').getAttribute('data-cell'));
    await page.mouse.click(box.x + 1 + cell * 2.5, box.y + 1 + cell * 3.5); // row 4, column 3
    assert.equal(await body(page, 'selected'), '3,2');
    assert.equal(await page.locator('#history tbody tr').count(), trace.steps.length);
    assert.match(await page.locator('#history h2').innerText(), /row 4, column 3/);
    // Keyboard: arrows on the focused grid move the selection instead of stepping.
    await page.locator('canvas[data-role="prediction"]').focus();
    await press(page, 'ArrowRight');
    assert.equal(await body(page, 'selected'), '3,3');
    assert.equal(await body(page, 'step'), '5');
    await press(page, 'Escape');
    assert.equal(await body(page, 'selected'), '');
    await page.locator('canvas[data-role="prediction"]').click({ position: { x: 1 + cell * 4.5, y: 1 + cell * 4.5 } });
    await page.locator('#slider').focus(); // keep the slider's focus ring out of the picture
    await page.locator('#slider').blur();
    await page.screenshot({ path: join(outDir, 'sudoku-mid-trace.png'), fullPage: true });
    await page.close();
  });

  test('maze: streamed steps follow live; walls, start, goal and path drawn; state restored after a reload', async () => {
    const { trace, puzzle } = load('maze-15x15');
    const page = await open({ width: 900 });
    await send(page, { type: 'showPuzzle', puzzle });
    assert.match(await page.locator('#message').innerText(), /No reasoning trace/);
    assert.equal(await page.locator('canvas[data-role="solution"]').count(), 1, 'the path section is drawn beside the maze');
    const runId = 'run-1';
    await send(page, {
      type: 'traceStart',
      runId,
      puzzleName: trace.puzzleName,
      kind: 'maze',
      model: trace.model,
      given: trace.given,
      expected: trace.expected!,
    });
    assert.equal(await body(page, 'live'), 'true');
    for (const step of trace.steps.slice(0, 4)) await send(page, { type: 'traceStep', runId, step });
    assert.equal(await body(page, 'step'), '4', 'follows the newest step');
    await press(page, 'ArrowLeft');
    assert.equal(await body(page, 'step'), '3');
    await send(page, { type: 'traceStep', runId, step: trace.steps[4]! });
    assert.equal(await body(page, 'step'), '3', 'a user who stepped back is not pulled forward');
    await press(page, 'End');
    for (const step of trace.steps.slice(5)) await send(page, { type: 'traceStep', runId, step });
    assert.equal(await body(page, 'step'), String(trace.steps.length));
    await send(page, { type: 'traceStep', runId: 'other-run', step: trace.steps[0]! });
    assert.equal(await body(page, 'steps'), String(trace.steps.length), 'steps of another run are ignored');
    await send(page, { type: 'traceEnd', runId, outcome: trace.outcome! });
    assert.equal(await body(page, 'live'), 'false');
    assert.match(await page.locator('#meta').innerText(), /halted/);

    await press(page, 'ArrowLeft', 2);
    const index = trace.steps.length - 3;
    const frame = buildFrame(trace, index);
    const find = (sym: string): [number, number] => {
      for (let r = 0; r < frame.rows; r++)
        for (let c = 0; c < frame.cols; c++) if (frame.cells[r]![c]!.symbol === sym && !frame.cells[r]![c]!.changed) return [r, c];
      throw new Error(`no ${sym}`);
    };
    const [wall, path] = await cellPixels(page, 'prediction', [find('#'), find('o')]);
    const [start, goal] = await cellPixels(page, 'prediction', [find('S'), find('G')], [0.15, 0.15]); // beside the letter
    assert.ok(near(wall!, hexRgb('#8a8a8a'), 3), `wall ${wall}`);
    assert.ok(near(start!, hexRgb(DARK['--vscode-charts-green']!), 3), `start ${start}`);
    assert.ok(near(goal!, hexRgb(DARK['--vscode-charts-red']!), 3), `goal ${goal}`);
    assert.ok(near(path!, hexRgb(DARK['--vscode-charts-blue']!), 3), `path ${path}`);
    await page.screenshot({ path: join(outDir, 'maze.png'), fullPage: true });

    // Exports: the webview posts PNG data URLs for the extension to save.
    await page.locator('#export-strip').click();
    await page.locator('#export-view').click();
    const posted = await page.evaluate(
      () => (window as unknown as { __posted: { type: string; what?: string; dataUrl?: string; suggestedName?: string }[] }).__posted,
    );
    const exports = posted.filter((m) => m.type === 'exportPng');
    assert.deepEqual(
      exports.map((m) => [m.what, m.suggestedName]),
      [
        ['strip', 'maze-15-perfect-trace.png'],
        ['view', `maze-15-perfect-step${frame.step}.png`],
      ],
    );
    for (const m of exports) {
      const png = Buffer.from(m.dataUrl!.replace(/^data:image\/png;base64,/, ''), 'base64');
      assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
      const width = png.readUInt32BE(16);
      assert.ok(width > 400, `${m.what} export is ${width} px wide`);
      writeFileSync(join(outDir, `export-${m.what}.png`), png);
    }

    // Reload: a new page given the saved state comes back at the same step with the same trace.
    const saved = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    await page.close();
    const again = await open({ saved, width: 900 });
    assert.equal(await body(again, 'kind'), 'maze');
    assert.equal(await body(again, 'step'), String(frame.step));
    assert.equal(await body(again, 'live'), 'false');
    await again.close();
  });

  test('high contrast: grid lines in the contrast border colour; ARC heat map', async () => {
    const { trace, puzzle } = load('arc-0ca9ddb6');
    const page = await open({ theme: 'hc' });
    await send(page, { type: 'showPuzzle', puzzle, trace });
    await press(page, 'Home');
    await press(page, 'ArrowRight', 6);
    await page.locator('#heatmap').check();
    // The vertical line between the first two cells of the prediction.
    const line = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas[data-role="prediction"]')!;
      const cell = Number(canvas.dataset.cell);
      return Array.from(
        canvas
          .getContext('2d')!
          .getImageData(1 + cell, 1 + Math.floor(cell / 2), 1, 1)
          .data.slice(0, 3),
      );
    });
    assert.ok(near(line, hexRgb(HC['--vscode-contrastBorder']!), 30), `grid line ${line}`);
    await page.screenshot({ path: join(outDir, 'arc-high-contrast-heatmap.png'), fullPage: true });
    await page.close();
  });

  test('wording: "1 step", a heat-map legend with the hovers\' percentages, wrong cells against the exact solver', async () => {
    const { trace, puzzle } = load('sudoku-9x9');
    // A one-step run of a puzzle whose file has no solution: the exact solver's unique answer is the reference.
    const first = trace.steps[0]!;
    const oneStep: Trace = {
      ...trace,
      steps: [first],
      outcome: {
        ...trace.outcome!,
        answer: first.grid,
        satisfiesRules: false,
        violations: ['row 1 repeats 1'],
        stepsRun: 1,
        haltedAt: 1,
        stopReason: 'halted',
      },
    };
    // The server sends the exact solver's unique answer when the file has none (core/src/trm/knownAnswer.ts).
    oneStep.solverAnswer = trace.expected!;
    delete oneStep.expected;
    const page = await open();
    const unsolved: PuzzleView = { ...puzzle };
    delete unsolved.solution;
    await send(page, { type: 'showPuzzle', puzzle: unsolved, trace: oneStep });
    const meta = await page.locator('#meta').innerText();
    assert.match(meta, /\b1 step on\b/, meta);
    assert.doesNotMatch(meta, /1 steps/, meta);
    assert.match(meta, /exact solver/, meta);
    await page.locator('#heatmap').check();
    const legend = await page.locator('#legend').innerText();
    assert.match(legend, /model confidence: red 0% → green 100%/, legend);
    assert.match(legend, /differs from the exact solver's unique solution/, legend);
    const wrongInFirstStep = first.grid.flat().filter((s, i) => s !== trace.expected!.flat()[i]).length;
    assert.ok(wrongInFirstStep > 0, "the fixture's first step has wrong cells");
    assert.equal(buildFrame(oneStep, 0).wrongCount, wrongInFirstStep);
    // A cell's history writes probabilities as the hovers do (">99%", "42%"), not "1.00".
    await page.locator('canvas[data-role="prediction"]').click({ position: { x: 10, y: 10 } });
    const history = await page.locator('#history').innerText();
    assert.match(history, /\d+%/, history);
    assert.doesNotMatch(history, /\b[01]\.\d\d\b/, history);
    await page.screenshot({ path: join(outDir, 'sudoku-dark-one-step-legend.png'), fullPage: true });
    await page.close();
  });

  test("a search won by another view: its accepted answer is drawn beside view 1's steps", async () => {
    const { trace, puzzle } = load('sudoku-9x9');
    const solution = trace.expected!;
    // View 1 ends wrong; view 3 (transposed) gave the answer the rules accepted.
    const won: Trace = {
      ...trace,
      outcome: {
        ...trace.outcome!,
        answer: solution,
        satisfiesRules: true,
        violations: [],
        stopReason: 'verified',
        search: { views: 16, lanes: 16, decidedBy: 'rules', winner: { view: 3, transform: 'transposed', step: 5 } },
      },
    };
    const page = await open();
    await send(page, { type: 'showPuzzle', puzzle, trace: won });
    const captions = await page.locator('figcaption').allInnerTexts();
    assert.ok(
      captions.some((c) => /^View 1 \(as given\) · step \d+ of \d+$/.test(c)),
      captions.join(' | '),
    );
    assert.ok(captions.includes('Accepted answer · view 3 (transposed), its step 5'), captions.join(' | '));
    assert.equal(await page.locator('canvas[data-role="accepted"]').count(), 1);
    await page.screenshot({ path: join(outDir, 'sudoku-search-other-view.png'), fullPage: true });
    // Without a search winner other than view 1 there is one board, captioned as before.
    await send(page, { type: 'showPuzzle', puzzle, trace });
    assert.equal(await page.locator('canvas[data-role="accepted"]').count(), 0);
    assert.ok((await page.locator('figcaption').allInnerTexts()).some((c) => /^Prediction · step/.test(c)));
    await page.close();
  });

  test("a search no view won: the voted answer is drawn beside view 1's steps when it is another grid", async () => {
    const { trace, puzzle } = load('sudoku-9x9');
    const last = trace.steps[trace.steps.length - 1]!.grid;
    const other = last.map((r, i) => (i === 0 ? [...r].reverse() : r));
    const vote = { views: 16, lanes: 8, decidedBy: 'vote' as const, votes: 3 };
    const voted = (answer: string[][]): Trace => ({
      ...trace,
      outcome: { ...trace.outcome!, answer, satisfiesRules: false, violations: ['row 1 repeats 5'], stopReason: 'budget', search: vote },
    });
    const page = await open();
    await send(page, { type: 'showPuzzle', puzzle, trace: voted(other) });
    const captions = await page.locator('figcaption').allInnerTexts();
    assert.ok(captions.includes('Voted answer · 3 of 8 views, none accepted by the rules'), captions.join(' | '));
    assert.ok(
      captions.some((c) => /^View 1 \(as given\) · step/.test(c)),
      captions.join(' | '),
    );
    assert.equal(await page.locator('canvas[data-role="accepted"]').count(), 1);
    // ARC: the vote of the augmented versions, drawn beside the unaugmented version's steps when it differs.
    const arc = load('arc-0ca9ddb6');
    const arcLast = arc.trace.steps[arc.trace.steps.length - 1]!.grid;
    const arcVoted = (grid: string[][]): Trace => ({
      ...arc.trace,
      outcome: {
        ...arc.trace.outcome!,
        answer: grid,
        attempts: [
          { grid, votes: 5, meanHaltScore: 0.2, satisfiesRules: true },
          { grid: arcLast, votes: 3, meanHaltScore: 0.1, satisfiesRules: true },
        ],
      },
    });
    await send(page, { type: 'showPuzzle', puzzle: arc.puzzle, trace: arcVoted(arc.trace.expected!) });
    const arcCaptions = await page.locator('figcaption').allInnerTexts();
    assert.ok(arcCaptions.includes('Voted answer · 5 of 8 versions'), arcCaptions.join(' | '));
    assert.ok(
      arcCaptions.some((c) => /^Unaugmented version · step \d+ of \d+$/.test(c)),
      arcCaptions.join(' | '),
    );
    assert.equal(await page.locator('canvas[data-role="voted"]').count(), 1);
    await send(page, { type: 'showPuzzle', puzzle: arc.puzzle, trace: arcVoted(arcLast) });
    assert.equal(await page.locator('canvas[data-role="voted"]').count(), 0);
    // The vote fell on view 1's own last grid: one board.
    await send(page, { type: 'showPuzzle', puzzle, trace: voted(last) });
    assert.equal(await page.locator('canvas[data-role="accepted"]').count(), 0);
    await page.close();
  });

  test('light theme, heat map and a puzzle without trace draw without errors', async () => {
    const { trace, puzzle } = load('sudoku-9x9');
    const page = await open({ theme: 'light' });
    await send(page, { type: 'showPuzzle', puzzle, trace });
    await page.locator('#heatmap').check();
    await press(page, 'Home');
    await press(page, 'ArrowRight', 2);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(255, 255, 255)');
    await page.screenshot({ path: join(outDir, 'sudoku-light-heatmap.png'), fullPage: true });
    // The same puzzle without a trace: givens and solution side by side; the solution's givens stay bold text,
    // its other digits take the accent colour; no trace controls.
    await send(page, { type: 'showPuzzle', puzzle: { ...puzzle, name: 'no-trace' }, trace: null });
    assert.equal(await page.locator('canvas[data-role="solution"]').count(), 1);
    assert.equal(await page.locator('#heatmap').isVisible(), false);
    assert.equal(await page.locator('#export-strip').isVisible(), false);
    assert.equal(puzzle.grid![0]![1], '5');
    assert.ok(near(await cellInk(page, 'solution', 0, 1), hexRgb(LIGHT['--vscode-editor-foreground']!), 40), 'a given in the solution');
    assert.ok(near(await cellInk(page, 'solution', 0, 0), hexRgb(LIGHT['--vscode-charts-blue']!), 40), 'a solved cell in the solution');
    await page.screenshot({ path: join(outDir, 'sudoku-puzzle-light.png'), fullPage: true });
    await send(page, { type: 'showPuzzle', puzzle: null, reason: 'This file has no puzzles.' });
    assert.equal(await page.locator('#message').innerText(), 'This file has no puzzles.');
    assert.equal(await body(page, 'steps'), '0');
    await page.close();
    assert.deepEqual(problems, [], 'no script errors and no CSP violations');
  });
});
