// One rule for "the model for this puzzle": the CLI (host-node findModel) and the editor's assistant
// (core chooseModel over the same models) pick the same bundled model for every example puzzle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseModel } from '../../core/src/assist/catalog';
import { parse } from '../../core/src/dsl/parser';
import { puzzleGrids, testCount } from '../../core/src/trm/encode';
import { findModel, listModels } from '../../host-node/trm';

const examples = join(__dirname, '..', '..', 'examples');

test('CLI and editor choose the same model for every example puzzle, or both none', () => {
  const all = listModels();
  let compared = 0;
  for (const f of readdirSync(examples).filter((n) => n.endsWith('.arc'))) {
    for (const p of parse(readFileSync(join(examples, f), 'utf8')).document.puzzles) {
      for (let t = 0; t < testCount(p); t++) {
        const g = puzzleGrids(p, t);
        const editor = chooseModel([all.filter((m) => m.meta.kind === g.kind)], g)?.path;
        let cli: string | undefined;
        try {
          cli = findModel(g).path;
        } catch {
          cli = undefined;
        }
        assert.equal(cli, editor, `${f}: ${p.name} test ${t}`);
        compared++;
      }
    }
  }
  assert.ok(compared >= 10, `only ${compared} puzzles compared`);
});
