// Edits change only what they name: filling a section of another shape keeps the comments on their rows and
// the comment lines between them; a ragged-row fix never leaves a line that reads as a box separator; quick
// fixes are built only from diagnostics the current text has (not from stale or forged ones).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../core/src/dsl/ast';
import { parse } from '../../core/src/dsl/parser';
import { codeActions } from '../../core/src/language/codeActions';
import { ruleDiagnostics } from '../../core/src/rules/diagnostics';
import { applyEdits, fillSection } from '../../core/src/rules/edits';
import { defined } from '../defined';

const comments = (text: string): string[] => text.split('\n').flatMap((l) => (l.includes('//') ? [l.slice(l.indexOf('//'))] : []));
const everywhere = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };

describe('filling a section of another shape', () => {
  const SLASHES = '/'.repeat(300);
  const text = [
    'sudoku four 4x4',
    '  givens',
    '    1 . . .',
    '    . . 2 .',
    '    . 3 . .',
    '    . . . 4',
    '  solution',
    '    1 2 // first row',
    `    ${SLASHES}`,
    '    ? ? ? // second row',
    '    ? ? ?',
    '',
  ].join('\n');
  const answer = [
    ['1', '2', '4', '3'],
    ['3', '4', '2', '1'],
    ['4', '3', '1', '2'],
    ['2', '1', '3', '4'],
  ];

  it('keeps each comment on its row and every comment line as written', () => {
    const p = defined(parse(text).document.puzzles[0], 'the puzzle');
    const out = applyEdits(text, fillSection(p, { keyword: 'solution' }, answer, text));
    assert.deepEqual(comments(out), comments(text));
    const lines = out.split('\n');
    assert.equal(lines[7], '    1 2 4 3 // first row');
    assert.equal(lines[8], `    ${SLASHES}`);
    assert.equal(lines[9], '    3 4 2 1 // second row');
    const solution = defined(parse(out).document.puzzles[0], 'the puzzle');
    assert.equal(solution.kind, 'sudoku');
    if (solution.kind === 'sudoku')
      assert.deepEqual(
        solution.solution?.grid.rows.map((r) => r.cells.map((c) => c.symbol)),
        answer,
      );
  });

  it('rows beyond the new shape lose their cells, not their comments', () => {
    const longer = text.replace('    ? ? ?\n', '    ? ? ?\n    ? ? ? // fifth row\n    ? ? ?\n');
    const p = defined(parse(longer).document.puzzles[0], 'the puzzle');
    const out = applyEdits(longer, fillSection(p, { keyword: 'solution' }, answer, longer));
    assert.deepEqual(comments(out), comments(longer));
    const s = defined(parse(out).document.puzzles[0], 'the puzzle');
    if (s.kind === 'sudoku')
      assert.deepEqual(
        s.solution?.grid.rows.map((r) => r.cells.map((c) => c.symbol)),
        answer,
      );
  });
});

describe('removing the extra cells of a ragged row', () => {
  it('is not offered when the row left would read as a box separator', () => {
    const text = 'arc t\n  train\n    input\n      1\n      -- 2 3\n    output\n      1\n';
    const parsed = parse(text);
    const actions = codeActions(parsed.document, text, 'file:///t.arc', everywhere, parsed.diagnostics, {
      parserDiagnostics: parsed.diagnostics,
    });
    for (const a of actions.filter((x) => x.edits?.length)) {
      const out = applyEdits(text, a.edits!);
      const rows = defined(parse(out).document.puzzles[0], 'the puzzle');
      assert.ok(rows.kind === 'arc' && rows.pairs[0]?.input?.grid.rows.length === 2, `${a.title} made the row disappear:\n${out}`);
    }
  });
});

describe('quick fixes come from the current text', () => {
  const v1 = 'sudoku four 4x4\n  givens\n    1 . 1 .\n    . . 2 .\n    . 3 . .\n    . . . 4\n';
  const published = (): Diagnostic[] => [...parse(v1).diagnostics, ...ruleDiagnostics(parse(v1).document)];

  it('a diagnostic of an older version (the text moved) gets no fix', () => {
    const v2 = v1.replace('  givens\n', '  givens\n    // a comment typed above the row\n');
    const parsed = parse(v2);
    const actions = codeActions(parsed.document, v2, 'file:///q.arc', everywhere, published(), { parserDiagnostics: parsed.diagnostics });
    const fixes = actions.filter((a) => a.kind === 'quickfix');
    assert.deepEqual(
      fixes.map((a) => a.title),
      [],
      'fixes built from stale diagnostics land on other text',
    );
  });

  it('the fix uses the current diagnostic, not the data the client sent', () => {
    const parsed = parse(v1);
    const forged = published().map((d) => (d.code === 'R101' ? { ...d, data: { digit: { not: 'a digit' }, section: 7 } } : d));
    const actions = codeActions(parsed.document, v1, 'file:///q.arc', everywhere, forged, { parserDiagnostics: parsed.diagnostics });
    const titles = actions.filter((a) => a.kind === 'quickfix').map((a) => a.title);
    assert.ok(titles.length > 0 && titles.every((t) => t === "Clear this 1 (write '.')"), JSON.stringify(titles));
  });
});
