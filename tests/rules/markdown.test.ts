// Document text in hovers is shown as text: a puzzle name with backticks cannot close the code span and put
// markdown (a `command:` link, for one) into the hover.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '../../core/src/dsl/parser';
import { hoverAt } from '../../core/src/language/hover';
import { codeSpan, escapeMarkdown } from '../../core/src/language/markdown';
import { defined } from '../defined';

/** The markdown outside code spans (CommonMark: a run of N backticks closes only at a run of exactly N). */
const outsideCode = (md: string): string => md.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, '');

describe('markdown built from document text', () => {
  for (const [kind, body] of [
    ['sudoku', '\n  givens\n    1 . . .\n    . . 2 .\n    . 3 . .\n    . . . 4\n'],
    ['maze', '\n  grid\n    S . G\n'],
    ['arc', '\n  train\n    input\n      1\n    output\n      2\n'],
  ] as const) {
    it(`a ${kind} named with backticks and a command link shows no link`, () => {
      const name = 'x`[run](command:workbench.action.terminal.new)`y';
      const text = `${kind} ${name}${body}`;
      const p = defined(parse(text).document.puzzles[0], 'the puzzle');
      assert.ok(p.name.includes('command:'), `the name is read whole: ${p.name}`);
      const h = hoverAt(parse(text).document.puzzles, { line: 0, character: kind.length + 2 });
      assert.ok(h, 'a header hover');
      assert.doesNotMatch(outsideCode(h.markdown), /command:|\]\(/, h.markdown);
    });
  }

  it('codeSpan and escapeMarkdown keep the text literal', () => {
    assert.equal(codeSpan('plain'), '`plain`');
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x'), '`` `x ``');
    assert.equal(escapeMarkdown('[a](command:x)'), '\\[a\\]\\(command\\:x\\)');
  });
});
