// Screenshots of the extension in a real VS Code (code-server 4.100.3) for the extension's README and for
// looking at colours in both default themes: `node scripts/screenshots.mjs [--theme dark|light] [--vsix FILE] [--out DIR]`.
// Packages the extension (unless --vsix), opens a copy of examples/ in Debian's headless Chromium
// (playwright-core), and saves PNGs (default media/screenshots/).
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eachArg } from './args.mjs';
import { ensureCodeServer, installExtension, makeProfile, root, startCodeServer } from './code-server.mjs';
import { packageExtension } from './package.mjs';

const CHROMIUM = process.env.GRID_REASONER_CHROMIUM ?? '/usr/bin/chromium';
const args = { vsix: undefined, out: join(root, 'media', 'screenshots'), theme: 'dark' };
eachArg(
  process.argv.slice(2),
  (m) => {
    console.error(`screenshots: ${m}`);
    process.exit(1);
  },
  (a, value) => {
    if (a === '--vsix' || a.startsWith('--vsix=')) args.vsix = resolve(value());
    else if (a === '--out' || a.startsWith('--out=')) args.out = resolve(value());
    else if (a === '--theme' || a.startsWith('--theme=')) args.theme = value();
    else throw new Error(`unknown argument ${a}`);
  },
);

const why = ensureCodeServer({ log: (m) => console.log(`screenshots: ${m}`) });
if (why) throw new Error(why);
const work = join(root, 'out', 'screenshots');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const vsix =
  args.vsix ??
  packageExtension({ target: `${process.platform}-${process.arch}`, out: join(root, 'out', 'screenshots.vsix'), quiet: true }).vsix;
const workspace = join(work, 'examples');
cpSync(join(root, 'examples'), workspace, { recursive: true });
const THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' };
const settings = (theme) => ({
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': THEMES[theme],
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'editor.fontSize': 15,
  'security.workspace.trust.enabled': false,
});
const profile = makeProfile(join(work, 'profile'), settings(args.theme));
installExtension(profile, vsix);
const server = await startCodeServer({ profile });
mkdirSync(args.out, { recursive: true });

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const saved = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 90_000 });
  await page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 60_000 });

  const open = async (file, text) => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 20_000 });
    await input.fill(file);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page
      .locator('.monaco-editor .view-lines', { hasText: text })
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => console.log(`screenshots: "${text}" not seen in ${file} (shot taken anyway)`));
  };
  const command = async (title) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 20_000 });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
  };
  const shot = async (name) => {
    const path = join(args.out, `${name}.png`);
    await page.screenshot({ path });
    saved.push(path);
  };
  // Sudoku the models solve: the lens after the background run, then the trace panel.
  if (args.theme === 'dark') {
    await open('sudoku-small.arc', 'sudoku four');
    await page
      .locator('.monaco-editor .codelens-decoration', { hasText: /verified|not verified|unverified/ })
      .first()
      .waitFor({ timeout: 120_000 })
      .catch(() => {});
    await page.waitForTimeout(1500);
    await shot('sudoku-lenses-dark');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await command('Grid Reasoner: Show Reasoning Trace');
    await page.waitForTimeout(8000);
    await shot('trace-panel-dark');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('W'); // close all editors
    await page.waitForTimeout(1000);
  }

  {
    const t = args.theme;
    await open('maze.arc', 'maze small');
    await page.waitForTimeout(2500);
    await shot(`maze-${t}`);
    await open('arc-training.arc', '007bbfb7');
    await page.waitForTimeout(2500);
    await shot(`arc-${t}`);
    await open('solve-me.arc', 'sudoku four-a');
    await page.waitForTimeout(2500);
    await shot(`sudoku-${t}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`screenshots:\n${saved.join('\n')}`);
