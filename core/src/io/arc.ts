// ARC tasks: the JSON of one task (`{"train":[{"input":G,"output":G}],"test":[...]}`) and the Kaggle pair
// `*_challenges.json` (`{id: task without test outputs}`) + `*_solutions.json` (`{id: [test output grids]}`).
// Lossless: JSON -> .arc -> JSON gives a deep-equal object. Top-level keys other than train/test are kept as
// properties: strings as `key: value`, other JSON values as `json.key: <JSON text>`.

import type { ArcPair, ArcPuzzle, Property, Section } from '../dsl/ast';
import { makeArcPair, makeArcPuzzle, makeProperty, makeSection } from '../dsl/build';
import { MAX_GRID, UNKNOWN } from '../dsl/symbols';
import { ExportError, ImportError, parseJson } from './errors';
import { dumpJson } from './json';

export type ArcGrid = number[][];
export interface ArcJsonPair {
  input: ArcGrid;
  output?: ArcGrid;
}
export interface ArcJsonTask {
  train: ArcJsonPair[];
  test: ArcJsonPair[];
  [extra: string]: unknown;
}

const NAME_RE = /^[^\s]+$/;
const KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function checkName(id: string, where: string): void {
  if (!NAME_RE.test(id) || id.includes('//')) {
    throw new ImportError(`${where}: task id '${id}' cannot be a puzzle name (no spaces, no '//')`);
  }
}

function toMatrix(grid: unknown, where: string): string[][] {
  if (!Array.isArray(grid) || grid.length === 0) throw new ImportError(`${where}: expected a non-empty array of rows`);
  if (grid.length > MAX_GRID) throw new ImportError(`${where}: ${grid.length} rows; ARC grids have at most ${MAX_GRID}`);
  let width = -1;
  return grid.map((row, r) => {
    if (!Array.isArray(row) || row.length === 0) throw new ImportError(`${where}[${r}]: expected a non-empty array of colours`);
    if (width < 0) width = row.length;
    else if (row.length !== width) throw new ImportError(`${where}[${r}]: ${row.length} cells; row 0 has ${width}`);
    if (row.length > MAX_GRID) throw new ImportError(`${where}[${r}]: ${row.length} columns; ARC grids have at most ${MAX_GRID}`);
    return row.map((v, c) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 9) {
        throw new ImportError(`${where}[${r}][${c}]: expected a colour 0-9, got ${JSON.stringify(v)}`);
      }
      return String(v);
    });
  });
}

function pairFrom(role: 'train' | 'test', raw: unknown, where: string, output?: unknown): ArcPair {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ImportError(`${where}: expected an object with "input"`);
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== 'input' && k !== 'output') throw new ImportError(`${where}: unexpected key "${k}" (a pair holds "input" and "output")`);
  }
  if (!('input' in o)) throw new ImportError(`${where}: missing "input"`);
  const input = makeSection('input', toMatrix(o.input, `${where}.input`), { annotate: true });
  const out = o.output !== undefined ? o.output : output;
  if (out === undefined) {
    if (role === 'train') throw new ImportError(`${where}: a train pair needs an "output"`);
    return makeArcPair(role, input);
  }
  return makeArcPair(role, input, makeSection('output', toMatrix(out, `${where}.output`), { annotate: true }));
}

/** One ARC task object (already parsed JSON) -> an arc puzzle named `id`. */
export function arcTaskFromObject(task: unknown, id: string, testOutputs?: unknown[]): ArcPuzzle {
  checkName(id, id);
  if (task === null || typeof task !== 'object' || Array.isArray(task))
    throw new ImportError(`${id}: expected a task object with "train" and "test"`);
  const t = task as Record<string, unknown>;
  if (!Array.isArray(t.train)) throw new ImportError(`${id}: "train" must be an array of pairs`);
  if (!Array.isArray(t.test)) throw new ImportError(`${id}: "test" must be an array of pairs`);
  if (testOutputs && testOutputs.length !== t.test.length) {
    throw new ImportError(`${id}: the solutions hold ${testOutputs.length} grids for ${t.test.length} test inputs`);
  }
  const pairs = [
    ...t.train.map((p, i) => pairFrom('train', p, `${id}: train[${i}]`)),
    ...t.test.map((p, i) => pairFrom('test', p, `${id}: test[${i}]`, testOutputs?.[i])),
  ];
  const props: Property[] = [];
  for (const [k, v] of Object.entries(t)) {
    if (k === 'train' || k === 'test') continue;
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    const key = typeof v === 'string' ? k : `json.${k}`;
    if (!KEY_RE.test(k) || /[\r\n]/.test(text) || text.includes('//') || (typeof v === 'string' && v !== v.trim())) {
      throw new ImportError(`${id}: the extra key "${k}" cannot be kept as a property (name or value not representable)`);
    }
    props.push(makeProperty(key, text));
  }
  return makeArcPuzzle(id, pairs, props);
}

/** The text of one ARC task JSON file -> an arc puzzle. */
export function importArcTaskJson(text: string, id: string): ArcPuzzle {
  return arcTaskFromObject(parseJson(text, `task ${id}`), id);
}

/** Kaggle challenges (+ optional solutions) texts -> arc puzzles, in the challenges' key order. */
export function importKaggle(challengesText: string, solutionsText?: string): ArcPuzzle[] {
  const ch = parseJson(challengesText, 'the challenges file');
  if (ch === null || typeof ch !== 'object' || Array.isArray(ch))
    throw new ImportError('the challenges file must be an object {task id: task}');
  let sol: Record<string, unknown> | undefined;
  if (solutionsText !== undefined) {
    const s = parseJson(solutionsText, 'the solutions file');
    if (s === null || typeof s !== 'object' || Array.isArray(s))
      throw new ImportError('the solutions file must be an object {task id: [grids]}');
    sol = s as Record<string, unknown>;
    for (const id of Object.keys(sol)) {
      if (!(id in ch)) throw new ImportError(`the solutions file has task '${id}' that the challenges file lacks`);
    }
  }
  return Object.entries(ch as Record<string, unknown>).map(([id, task]) => {
    const outs = sol?.[id];
    if (outs !== undefined && !Array.isArray(outs)) throw new ImportError(`solutions '${id}': expected an array of grids`);
    return arcTaskFromObject(task, id, outs as unknown[] | undefined);
  });
}

/** Whether a value looks like one ARC task (rather than a Kaggle challenges file). */
export function isArcTaskObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'train' in v && 'test' in v;
}

// ---- export ------------------------------------------------------------------------------------------

function gridOf(s: Section, where: string): number[][] | undefined {
  let unknown = false;
  const g = s.grid.rows.map((r, ri) =>
    r.cells.map((c, ci) => {
      if (c.symbol === UNKNOWN) {
        unknown = true;
        return -1;
      }
      const v = c.symbol.length === 1 ? c.symbol.charCodeAt(0) - 48 : -1;
      if (v < 0 || v > 9) throw new ExportError(`${where}: cell ${ri + 1}:${ci + 1} is '${c.symbol}', not a colour 0-9`);
      return v;
    }),
  );
  if (g.length === 0) throw new ExportError(`${where}: empty grid`);
  return unknown ? undefined : g;
}

/** An arc puzzle -> the task object. Test outputs with unknown cells (`?`) are left out (noted in `warnings`). */
export function arcTaskToObject(p: ArcPuzzle, warnings: string[] = []): ArcJsonTask {
  const task: ArcJsonTask = { train: [], test: [] };
  p.pairs.forEach((pair, i) => {
    const where = `${p.name}: ${pair.role} pair ${i + 1}`;
    if (!pair.input) throw new ExportError(`${where} has no input`);
    const input = gridOf(pair.input, `${where} input`);
    if (!input) throw new ExportError(`${where}: the input has unknown cells`);
    const out: ArcJsonPair = { input };
    if (pair.output) {
      const g = gridOf(pair.output, `${where} output`);
      if (g) out.output = g;
      else if (pair.role === 'train') throw new ExportError(`${where}: a train output has unknown cells`);
      else warnings.push(`${where}: the output has unknown cells ('?'); left out of the JSON`);
    } else if (pair.role === 'train') throw new ExportError(`${where} has no output`);
    task[pair.role].push(out);
  });
  for (const prop of p.properties) {
    if (prop.key.startsWith('json.')) {
      try {
        task[prop.key.slice(5)] = JSON.parse(prop.value);
      } catch {
        throw new ExportError(`${p.name}: property '${prop.key}' is not valid JSON`);
      }
    } else task[prop.key] = prop.value;
  }
  return task;
}

/** An arc puzzle -> ARC task JSON text (one line, ending in a newline). */
export function exportArcTaskJson(p: ArcPuzzle, warnings: string[] = []): string {
  return dumpJson(arcTaskToObject(p, warnings)) + '\n';
}

/**
 * Arc puzzles -> Kaggle challenges and solutions texts. A task is in the solutions only when every test pair has
 * a complete output. Properties are not part of the Kaggle format and are left out.
 */
export function exportKaggle(puzzles: ArcPuzzle[], warnings: string[] = []): { challenges: string; solutions: string } {
  const ch: Record<string, unknown> = {};
  const sol: Record<string, unknown> = {};
  for (const p of puzzles) {
    const t = arcTaskToObject(p, []);
    const tests = p.pairs.filter((q) => q.role === 'test');
    ch[p.name] = { train: t.train, test: t.test.map((x) => ({ input: x.input })) };
    if (t.test.every((x) => x.output)) sol[p.name] = t.test.map((x) => x.output);
    else warnings.push(`${p.name}: ${tests.length === 0 ? 'no test pairs' : 'a test output is missing or partial'}; not in the solutions`);
  }
  return { challenges: dumpJson(ch) + '\n', solutions: dumpJson(sol) + '\n' };
}
