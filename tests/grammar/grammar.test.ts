// TextMate grammar: token snapshots of fixture files (tests/fixtures/grammar/NAME.arc -> NAME.tokens) and the
// scopes that themes rely on. UPDATE_EXPECT=1 rewrites the snapshots (tests/expect.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { snapshot, tokenize, type Tok } from './tokenize';
import { expectFile } from '../expect';

const dir = join(__dirname, '..', 'fixtures', 'grammar');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.arc'))
  .sort();

for (const f of files) {
  test(`token snapshot: ${f}`, async () => {
    const actual = snapshot(await tokenize(readFileSync(join(dir, f), 'utf8')));
    const snap = join(dir, f.replace(/\.arc$/, '.tokens'));
    expectFile(snap, actual);
  });
}

function scopesOf(tokens: Tok[], line: number, text: string, nth = 0): string[] {
  const found = tokens.filter((t) => t.line === line && t.text === text);
  assert.ok(found[nth], `no token ${JSON.stringify(text)} on line ${line + 1}`);
  return found[nth].scopes;
}

test('each ARC colour has its own scope; digits in Sudoku do not', async () => {
  const text = 'arc t\n  train\n    input 1x10\n      0 1 2 3 4 5 6 7 8 9\nsudoku s\n  givens\n    1 2 3\n';
  const toks = await tokenize(text);
  for (let d = 0; d <= 9; d++) assert.ok(scopesOf(toks, 3, String(d)).includes(`constant.numeric.color.${d}.arcgrid`), `colour ${d}`);
  assert.ok(scopesOf(toks, 6, '1').includes('constant.numeric.digit.sudoku.arcgrid'));
  assert.ok(!scopesOf(toks, 6, '1').some((s) => s.startsWith('constant.numeric.color')));
});

test('headers, keywords, sizes, properties, separators, unknown and invalid cells, comments', async () => {
  const toks = await tokenize(readFileSync(join(dir, 'colors-and-errors.arc'), 'utf8'));
  assert.ok(scopesOf(toks, 1, 'arc').includes('storage.type.kind.arc.arcgrid'));
  assert.ok(scopesOf(toks, 1, 'colours').includes('entity.name.type.puzzle.arcgrid'));
  assert.ok(scopesOf(toks, 2, 'train').includes('keyword.control.pair.arcgrid'));
  assert.ok(scopesOf(toks, 3, 'input').includes('keyword.control.section.arcgrid'));
  assert.ok(scopesOf(toks, 3, '2x5').includes('constant.numeric.size.arcgrid'));
  assert.ok(scopesOf(toks, 7, '?').includes('constant.language.unknown.arcgrid'));
  assert.ok(scopesOf(toks, 7, 'x').includes('invalid.illegal.cell.arcgrid'));
  assert.ok(scopesOf(toks, 7, '12').includes('invalid.illegal.cell.arcgrid'));
  assert.ok(scopesOf(toks, 7, '5|6').includes('invalid.illegal.cell.arcgrid'));
  assert.ok(scopesOf(toks, 7, '0').includes('constant.numeric.color.0.arcgrid'));
  assert.ok(scopesOf(toks, 7, '//').includes('comment.line.double-slash.arcgrid'));
  assert.ok(scopesOf(toks, 8, 'bogus').includes('invalid.illegal.keyword.arcgrid'));
  assert.ok(scopesOf(toks, 14, '#').includes('constant.character.wall.maze.arcgrid'));
  assert.ok(scopesOf(toks, 14, 'S').includes('constant.character.start.maze.arcgrid'));
  assert.ok(scopesOf(toks, 14, 'G').includes('constant.character.goal.maze.arcgrid'));
  assert.ok(scopesOf(toks, 15, '.').includes('constant.character.open.maze.arcgrid'));
  assert.ok(scopesOf(toks, 15, 'o').includes('constant.character.path.maze.arcgrid'));
  assert.ok(scopesOf(toks, 18, 'Z').includes('invalid.illegal.cell.arcgrid'));
  assert.ok(scopesOf(toks, 21, 'G').includes('constant.numeric.digit.sudoku.arcgrid'));
  assert.ok(scopesOf(toks, 21, '|').includes('punctuation.separator.box.arcgrid'));
  assert.ok(scopesOf(toks, 22, '--------+---------+---------+--------').includes('punctuation.separator.box.line.arcgrid'));
  assert.ok(scopesOf(toks, 23, 'H').includes('invalid.illegal.cell.arcgrid'));
  assert.ok(scopesOf(toks, 24, 'key.with-dots').includes('variable.other.property.arcgrid'));
  assert.ok(scopesOf(toks, 24, 'value with: colon').includes('string.unquoted.property-value.arcgrid'));
});

test('every example tokenizes without invalid scopes', async () => {
  const ex = join(__dirname, '..', '..', 'examples');
  for (const f of readdirSync(ex).filter((x) => x.endsWith('.arc'))) {
    const bad = (await tokenize(readFileSync(join(ex, f), 'utf8'))).filter((t) => t.scopes.some((s) => s.startsWith('invalid')));
    assert.deepEqual(bad, [], f);
  }
});

test('package.json contributes the arcgrid language with this grammar and language configuration', () => {
  const root = join(__dirname, '..', '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'arcgrid');
  assert.ok(lang, 'language arcgrid');
  assert.deepEqual(lang.extensions, ['.arc']);
  const conf = JSON.parse(readFileSync(join(root, lang.configuration), 'utf8'));
  assert.equal(conf.comments.lineComment, '//');
  assert.equal(conf.folding.offSide, true);
  const g = pkg.contributes.grammars.find((x: { language: string }) => x.language === 'arcgrid');
  const grammar = JSON.parse(readFileSync(join(root, g.path), 'utf8'));
  assert.equal(grammar.scopeName, g.scopeName);
  assert.equal(g.scopeName, 'source.arcgrid');
});

test('package.json: in .arc files no occurrence or selection boxes on every equal cell, no word-based suggestions', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const defaults = pkg.contributes.configurationDefaults?.['[arcgrid]'] ?? {};
  assert.equal(defaults['editor.occurrencesHighlight'], 'off');
  assert.equal(defaults['editor.selectionHighlight'], false);
  assert.equal(defaults['editor.wordBasedSuggestions'], 'off');
});
