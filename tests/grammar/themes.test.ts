// What the grammar's scopes look like in VS Code's own default themes (read from the code-server install the
// editor tests use): maze symbols in distinct colours, Sudoku blanks readable on a dark background.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { IRawTheme } from 'vscode-textmate';
import { tokenColours } from './tokenize';

const codeServer = process.env.GRID_REASONER_CODE_SERVER_DIR ?? '/opt/grid-reasoner-ci/code-server';
const THEMES = join(codeServer, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'theme-defaults', 'themes');

interface ThemeFile {
  include?: string;
  colors?: Record<string, string>;
  tokenColors?: { scope?: string | string[]; settings: { foreground?: string } }[];
}

/** A VS Code theme file (JSON with comments) with the files it includes, as vscode-textmate's raw theme. */
function loadTheme(file: string): { raw: IRawTheme; background: string } {
  const read = (f: string): ThemeFile =>
    JSON.parse(
      readFileSync(join(THEMES, f), 'utf8')
        .replace(/^\s*\/\/.*$/gm, '')
        .replace(/,(\s*[}\]])/g, '$1'),
    ) as ThemeFile;
  const chain: ThemeFile[] = [];
  for (let f: string | undefined = file; f; f = chain.at(-1)?.include) chain.push(read(f.replace(/^\.\//, '')));
  chain.reverse();
  const rules = chain.flatMap((t) => t.tokenColors ?? []);
  const colors = Object.assign({}, ...chain.map((t) => t.colors ?? {})) as Record<string, string>;
  const fg = colors['editor.foreground'] ?? '#D4D4D4';
  // vscode-textmate reads the default foreground from a rule without a scope.
  return {
    raw: { settings: [{ settings: { foreground: fg } }, ...rules] } as IRawTheme,
    background: colors['editor.background'] ?? '#1E1E1E',
  };
}

function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
const contrast = (a: string, b: string): number => {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
};

const MAZE = 'maze m\n  path\n    # . S G o ?';
const SUDOKU = 'sudoku s 4x4\n  givens\n    1 . | 3 4';

/** Symbol -> colour on the last line of `text`. */
async function coloursOf(text: string, theme: IRawTheme): Promise<Map<string, string>> {
  const last = text.split('\n').length - 1;
  return new Map((await tokenColours(text, theme)).filter((t) => t.line === last).map((t) => [t.text, t.colour]));
}

describe(
  'grammar colours in the default themes',
  { skip: existsSync(THEMES) ? false : `VS Code themes not found at ${THEMES} (install code-server: .ci/install-code-server.sh)` },
  () => {
    for (const file of ['dark_modern.json', 'light_modern.json', 'dark_plus.json', 'light_plus.json']) {
      it(`${file}: the maze symbols # . S G o ? each have their own colour`, async () => {
        const { raw } = loadTheme(file);
        const colours = await coloursOf(MAZE, raw);
        const symbols = ['#', '.', 'S', 'G', 'o', '?'];
        const seen = symbols.map((s) => colours.get(s));
        assert.equal(new Set(seen).size, symbols.length, `colours: ${symbols.map((s, i) => `${s}=${seen[i]}`).join(' ')}`);
      });
    }
    for (const file of ['dark_modern.json', 'dark_plus.json']) {
      it(`${file}: a Sudoku blank (.) reads clearly on the dark background and differs from the digits`, async () => {
        const { raw, background } = loadTheme(file);
        const colours = await coloursOf(SUDOKU, raw);
        const blank = colours.get('.')!;
        assert.notEqual(blank, colours.get('1'));
        assert.ok(
          contrast(blank, background) >= 7,
          `blank ${blank} on ${background}: contrast ${contrast(blank, background).toFixed(1)} < 7`,
        );
      });
    }
  },
);
