// Seeded documents for the DSL's fuzz and differential tests: line soup, well-formed documents of every kind,
// and mutations that break them (deleted and inserted characters, swapped and repeated lines, odd line breaks).

import { defined } from '../defined';
import { pick } from '../fuzz/random';

const WORDS = [
  'sudoku',
  'arc',
  'maze',
  'givens',
  'solution',
  'grid',
  'path',
  'train',
  'test',
  'input',
  'output',
  'source:',
  'rating: 3',
  'name',
  'x',
  '9x9',
  '4x4',
  '3x3',
  '2x2',
  '1x30',
  '0x0',
  '31x31',
  '99999x1',
  '//',
  '// c',
  '|',
  '---',
  '--+--',
  '------+-------+------',
  '?',
  '.',
  '#',
  'S',
  'G',
  'o',
  '0',
  '1',
  '5',
  '9',
  'A',
  'G',
  'g',
  '10',
  'é',
  '\u{1F600}',
  '\t',
  ':',
  'a:b',
];
const CELLS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '?', '#', 'S', 'G', 'o', 'A', 'F', '|', 'x', '12'];

export function randomDoc(r: () => number): string {
  const lines: string[] = [];
  const n = Math.floor(r() * 30);
  for (let i = 0; i < n; i++) {
    const indent = ' '.repeat(Math.floor(r() * 7));
    const roll = r();
    if (roll < 0.15)
      lines.push(
        `${pick(r, ['sudoku', 'arc', 'maze'])} ${pick(r, ['a', 'b', 'c', ''])}${r() < 0.5 ? ` ${pick(r, ['4x4', '9x9', '2x3', '3x3', 'zz'])}` : ''}`,
      );
    else if (roll < 0.3)
      lines.push(
        indent +
          pick(r, ['givens', 'solution', 'grid', 'path', 'train', 'test', 'input', 'output']) +
          (r() < 0.3 ? ` ${pick(r, ['4x4', '9x9', '1x3', '3x1', '2x2'])}` : ''),
      );
    else if (roll < 0.75) {
      const w = 1 + Math.floor(r() * 9);
      const sym = Array.from({ length: w }, () => pick(r, CELLS));
      lines.push(indent + sym.join(r() < 0.9 ? ' ' : '  '));
    } else if (roll < 0.85) lines.push(indent + Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(r, WORDS)).join(' '));
    else if (roll < 0.9) lines.push(indent + pick(r, ['// comment', 'key: value', 'source: x', '----+----', '']));
    else
      lines.push(
        indent +
          Array.from({ length: Math.floor(r() * 12) }, () => String.fromCharCode(Math.floor(r() * 0x7f) + (r() < 0.05 ? 0x2000 : 0))).join(
            '',
          ),
      );
  }
  const eol = pick(r, ['\n', '\n', '\r\n', '\r']);
  return lines.join(eol) + (r() < 0.5 ? eol : '');
}

/** A well-formed document (random kinds, sizes, cells, comments, separators) that mutations then break. */
export function structuredDoc(r: () => number): string {
  const out: string[] = [];
  const grid = (rows: number, cols: number, syms: string[], indent: string, seps?: { br: number; bc: number }) => {
    for (let i = 0; i < rows; i++) {
      if (seps && i > 0 && i % seps.br === 0) out.push(indent + '-'.repeat(cols * 2));
      const cells = Array.from({ length: cols }, (_, j) => (seps && j > 0 && j % seps.bc === 0 ? '| ' : '') + pick(r, syms));
      out.push(indent + cells.join(' ') + (r() < 0.05 ? '  // row note' : ''));
    }
  };
  const n = 1 + Math.floor(r() * 2);
  for (let k = 0; k < n; k++) {
    if (r() < 0.3) out.push('// about the next puzzle');
    const kind = pick(r, ['sudoku', 'arc', 'maze'] as const);
    if (kind === 'sudoku') {
      const size = pick(r, [4, 4, 6, 6, 9, 16] as const);
      const box = ({ 4: [2, 2], 6: [2, 3], 9: [3, 3], 16: [4, 4] } as const)[size];
      const digits = '123456789ABCDEFG'.slice(0, size).split('');
      const seps = r() < 0.5 ? { br: box[0], bc: box[1] } : undefined;
      out.push(`sudoku s${k}${r() < 0.5 ? ` ${size}x${size}` : ''}`);
      if (r() < 0.5) out.push(`  source: gen ${k}`);
      out.push('  givens');
      grid(size, size, [...digits, '.', '.'], '    ', seps);
      if (r() < 0.5) {
        out.push('  solution');
        grid(size, size, [...digits, '?'], '    ', seps);
      }
    } else if (kind === 'arc') {
      out.push(`arc t${k}`);
      const pairs = 1 + Math.floor(r() * 3);
      for (let i = 0; i < pairs; i++) {
        const role = i === pairs - 1 ? 'test' : 'train';
        out.push(`  ${role}`);
        const h = 1 + Math.floor(r() * 6),
          w = 1 + Math.floor(r() * 6);
        out.push(`    input${r() < 0.7 ? ` ${h}x${w}` : ''}`);
        grid(h, w, '0123456789'.split(''), '      ');
        if (role === 'train' || r() < 0.5) {
          out.push(`    output ${h}x${w}`);
          grid(h, w, role === 'test' ? ['?', '1', '2'] : ['0', '5'], '      ');
        }
      }
    } else {
      const h = 2 + Math.floor(r() * 6),
        w = 2 + Math.floor(r() * 6);
      out.push(`maze m${k} ${h}x${w}`);
      out.push('  grid');
      grid(h, w, ['#', '.', '.', 'S', 'G'], '    ');
      if (r() < 0.5) {
        out.push('  path');
        grid(h, w, ['#', '.', 'o', 'S', 'G', '?'], '    ');
      }
    }
    out.push('');
  }
  return out.join('\n');
}

export function mutate(r: () => number, text: string): string {
  let t = text;
  const k = 1 + Math.floor(r() * 5);
  for (let i = 0; i < k; i++) {
    const at = Math.floor(r() * (t.length + 1));
    const roll = r();
    if (roll < 0.25) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 5));
    else if (roll < 0.5) t = t.slice(0, at) + pick(r, [...WORDS, '\n', '\r', '\r\n', ' ', '\uFEFF', '\u00A0']) + t.slice(at);
    else if (roll < 0.65) t = t.slice(0, at) + pick(r, CELLS) + t.slice(at + 1);
    else if (roll < 0.8) {
      const ls = t.split('\n');
      const a = Math.floor(r() * ls.length),
        b = Math.floor(r() * ls.length);
      [ls[a], ls[b]] = [defined(ls[b]), defined(ls[a])];
      t = ls.join('\n');
    } else if (roll < 0.9) {
      const ls = t.split('\n');
      const a = Math.floor(r() * ls.length);
      ls.splice(a, 0, ls[Math.floor(r() * ls.length)] ?? '');
      t = ls.join('\n');
    } else t = t.slice(0, at);
  }
  return t;
}
