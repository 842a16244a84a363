// Tokenize text with the TextMate grammar through vscode-textmate + vscode-oniguruma (what VS Code does).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { defined } from '../defined';

const root = join(__dirname, '..', '..');
export const GRAMMAR_PATH = join(root, 'syntaxes', 'arcgrid.tmLanguage.json');

let grammarPromise: Promise<vsctm.IGrammar> | undefined;
let wasmLoaded: Promise<void> | undefined;

function loadOniguruma(): Promise<void> {
  wasmLoaded ??= (async () => {
    const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  })();
  return wasmLoaded;
}

function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= newGrammar();
  return grammarPromise;
}

async function newGrammar(theme?: vsctm.IRawTheme): Promise<vsctm.IGrammar> {
  await loadOniguruma();
  {
    const registry = new vsctm.Registry({
      ...(theme ? { theme } : {}),
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName !== 'source.arcgrid') return null;
        return vsctm.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
      },
    });
    const g = await registry.loadGrammar('source.arcgrid');
    if (!g) throw new Error('grammar source.arcgrid did not load');
    if (theme) themeColourMaps.set(g, registry.getColorMap());
    return g;
  }
}

const themeColourMaps = new WeakMap<vsctm.IGrammar, string[]>();

/** Bits 15-23 of a token's metadata: its foreground colour id (vscode-textmate's EncodedTokenAttributes). */
const FOREGROUND = (metadata: number): number => (metadata >>> 15) & 0x1ff;

/** The foreground colour (upper case, as the theme's colour map has it) of every non-space token of a document. */
export async function tokenColours(text: string, theme: vsctm.IRawTheme): Promise<{ line: number; text: string; colour: string }[]> {
  const g = await newGrammar(theme);
  const map = themeColourMaps.get(g)!;
  const out: { line: number; text: string; colour: string }[] = [];
  let stack = vsctm.INITIAL;
  text.split(/\r\n|\r|\n/).forEach((line, n) => {
    const r = g.tokenizeLine2(line, stack);
    // tokens holds (start offset, metadata) pairs, so i and i + 1 are in range.
    for (let i = 0; i < r.tokens.length; i += 2) {
      const end = r.tokens[i + 2] ?? line.length;
      const t = line.slice(r.tokens[i]!, end);
      if (t.trim() === '') continue;
      const colour = defined(map[FOREGROUND(r.tokens[i + 1]!)], 'the colour of a token in the theme colour map');
      out.push({ line: n, text: t, colour: colour.toUpperCase() });
    }
    stack = r.ruleStack;
  });
  return out;
}
export interface Tok {
  line: number;
  text: string;
  scopes: string[];
}

/** Every token of every line with its scopes (the root scope `source.arcgrid` left out). */
export async function tokenize(text: string): Promise<Tok[]> {
  const g = await loadGrammar();
  let stack = vsctm.INITIAL;
  const out: Tok[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      out.push({ line: i, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.filter((s) => s !== 'source.arcgrid') });
    }
    stack = r.ruleStack;
  });
  return out;
}

/** The snapshot text: one `line: "text" scope scope ...` a token, whitespace-only tokens without scopes left out. */
export function snapshot(tokens: Tok[]): string {
  return (
    tokens
      .filter((t) => t.text.trim() !== '' || t.scopes.some((s) => !s.startsWith('meta.')))
      .map((t) => `${t.line + 1}: ${JSON.stringify(t.text)} ${t.scopes.filter((s) => !s.startsWith('meta.puzzle')).join(' ')}`.trimEnd())
      .join('\n') + '\n'
  );
}
