// Tokenize text with the TextMate grammar through vscode-textmate + vscode-oniguruma (what VS Code does).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const root = join(__dirname, '..', '..');
export const GRAMMAR_PATH = join(root, 'syntaxes', 'arcgrid.tmLanguage.json');

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
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
    return g;
  })();
  return grammarPromise;
}

export interface Tok { line: number; text: string; scopes: string[] }

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
  return tokens
    .filter((t) => t.text.trim() !== '' || t.scopes.some((s) => !s.startsWith('meta.')))
    .map((t) => `${t.line + 1}: ${JSON.stringify(t.text)} ${t.scopes.filter((s) => !s.startsWith('meta.puzzle')).join(' ')}`.trimEnd())
    .join('\n') + '\n';
}
