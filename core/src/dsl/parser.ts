// Hand-written, keyword-driven, error-tolerant parser for `.arc` documents (grammar: docs/dsl.md).
// It never throws: every problem becomes a diagnostic with a stable code (./codes.ts) and the parser
// carries on at the next line. Indentation is not significant.

import type {
  ArcPair,
  ArcPuzzle,
  Comment,
  Diagnostic,
  MazePuzzle,
  ParseResult,
  Position,
  Property,
  Puzzle,
  PuzzleKind,
  Range,
  Section,
  SizeAnnotation,
  SudokuPuzzle,
} from './ast';
import { PARSER_CODES, type ParserCode } from './codes';
import { allowedSymbols, MAX_GRID, sudokuBoxShape, SUDOKU_SIZES } from './symbols';
import { lazyGrid, rowRange } from './lazyGrid';
import { everyRowHas, rowBase, rowCells, rowFrom, rowLast, rowLine, RowWriter, widestRow, type RowStore } from './rowStore';
import * as scan from './scan';

// Local bindings of the scanning functions: where modules are loaded one by one (tsx, in tests and benchmarks),
// each use of an imported function goes through a getter, which the per-character loops pay for (a third of the
// parse time). Bundles call them directly either way.
const { isSpace, skipSpaces, tokenEnd } = scan;

interface Token {
  text: string;
  start: number;
  end: number;
}

/** The tokens of a line that has any: keyword lines are dispatched on the first. */
type Tokens = [Token, ...Token[]];

function hasTokens(tokens: Token[]): tokens is Tokens {
  return tokens.length > 0;
}

function lastToken(tokens: Tokens): Token {
  return tokens[tokens.length - 1]!; // not empty
}

const KIND_WORDS = new Set(['sudoku', 'arc', 'maze']);
const SECTION_WORDS = new Set(['givens', 'solution', 'grid', 'path', 'input', 'output']);
const PAIR_WORDS = new Set(['train', 'test']);
const SIZE_RE = /^(\d{1,4})x(\d{1,4})$/;
const PROPERTY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*:/;
const WORD_RE = /^[A-Za-z][A-Za-z_-]*[A-Za-z]$/;
const SEPARATOR_RE = /^[-+]*-[-+]*$/;

function pos(line: number, character: number): Position {
  return { line, character };
}
function range(line: number, start: number, end: number): Range {
  return { start: pos(line, start), end: pos(line, end) };
}
/** Whether position a is after position b. */
function after(a: Position, b: Position): boolean {
  return a.line > b.line || (a.line === b.line && a.character > b.character);
}

/** Per-section bookkeeping that does not belong in the tree. */
interface SectionState {
  section: Section;
  kind: PuzzleKind;
  role?: 'train' | 'test' | undefined;
  /** `|` tokens, three numbers each: the cell index they stand before, and where (line, start character). */
  bars: number[] | undefined;
  /** Separator lines: the row count before them, and their range. */
  lineSeparators: { before: number; range: Range }[] | undefined;
  /** The rows, as numbers: the grid builds its row and cell objects from them when first read. */
  store: RowStore;
  /** Which one-character cells were written (bits by character code, 0-127; `wide` for any other), so that the
   *  symbol check rescans only a grid that has a character its alphabet lacks. */
  seen: SeenSymbols;
}

interface SeenSymbols {
  bits: [number, number, number, number];
  wide: boolean;
}

interface PuzzleState {
  puzzle: Puzzle;
  sections: SectionState[];
  sawSection: boolean;
  pair?: ArcPair;
}

/** Where a puzzle's header line starts, and how much of each output the parser had written before it. */
export interface PuzzleMark {
  /** Offset of the header line in the parsed text, and its line number. */
  offset: number;
  line: number;
  /** Counts of diagnostics, comments and puzzles written before the header line. */
  diagnostics: number;
  comments: number;
  puzzles: number;
}

/**
 * Parses lines one after the other, and can stop between lines and carry on later (`advance`). A puzzle's
 * header line resets every state the parser carries from line to line, so what it writes from one header line to
 * the next depends only on those lines: `marks` records where each such stretch begins (see incremental.ts).
 */
export class LineParser {
  readonly diagnostics: Diagnostic[] = [];
  readonly comments: Comment[] = [];
  readonly puzzles: Puzzle[] = [];
  readonly marks: PuzzleMark[] = [];
  /** Where the rows of every grid of this parse are kept. */
  private readonly rows: RowWriter;
  private cur: PuzzleState | undefined;
  private section: SectionState | undefined;
  /** Rows that follow a rejected keyword line are skipped silently until the next keyword line. */
  private discard = false;
  /** The line being parsed; after the last one, the number of the last line. */
  lineNo: number;
  /** The offset of the next line to parse, and of the next `//` at or after it (or -1). */
  private next = 0;
  private nextComment: number;
  /** The next line feed and carriage return at or after the next line (or -1): found by indexOf, which is several
   *  times faster than a loop over the characters, and looked for again only once passed. */
  private nextLf = -2;
  private nextCr = -2;
  private linesDone = false;
  private closed = false;
  /** The end of the last node of the current puzzle (its range is completed when it closes). */
  private endLine = 0;
  private endCharacter = 0;

  /** `text` is parsed as if it began at line `firstLine` of a document, in the state of a document's start. */
  constructor(
    private readonly text: string,
    firstLine = 0,
  ) {
    this.lineNo = firstLine;
    this.nextComment = text.indexOf('//');
    this.rows = new RowWriter(text);
  }

  /**
   * Parses lines until all are done (true) or `shouldPause` says to stop (false; call again to carry on). It is
   * asked every 64 lines.
   */
  advance(shouldPause?: () => boolean): boolean {
    const text = this.text;
    const n = text.length;
    let start = this.next;
    let count = 0;
    while (!this.linesDone) {
      if (shouldPause && (++count & 63) === 0 && shouldPause()) {
        this.next = start;
        return false;
      }
      if (this.nextLf !== -1 && this.nextLf < start) this.nextLf = text.indexOf('\n', start);
      if (this.nextCr !== -1 && this.nextCr < start) this.nextCr = text.indexOf('\r', start);
      const lf = this.nextLf < 0 ? n : this.nextLf;
      const end = this.nextCr >= 0 && this.nextCr < lf ? this.nextCr : lf;
      if (this.nextComment >= 0 && this.nextComment < start) this.nextComment = text.indexOf('//', start);
      const nextComment = this.nextComment;
      this.parseLine(text, start, end, nextComment >= 0 && nextComment < end ? nextComment : -1);
      if (end >= n) {
        this.linesDone = true;
        break;
      }
      start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
      this.lineNo++;
    }
    this.next = start;
    return true;
  }

  /** Parses what is left and closes the last puzzle; the outputs are then complete but for duplicateNames. */
  close(): void {
    this.advance();
    if (this.closed) return;
    this.closed = true;
    this.closePuzzle();
  }

  run(): ParseResult {
    this.close();
    for (const d of duplicateNames(this.puzzles)) this.diagnostics.push(d);
    return { document: { puzzles: this.puzzles, comments: this.comments }, diagnostics: this.diagnostics };
  }

  private report(code: ParserCode, message: string, r: Range, data?: unknown): void {
    this.diagnostics.push(parserDiagnostic(code, message, r, data));
  }

  /** The line text[start, end); `comment` is the offset of its `//`, or -1. */
  private parseLine(text: string, start: number, end: number, comment: number): void {
    let cend = end;
    const commentsBefore = this.comments.length;
    if (comment >= 0) {
      let e = end;
      while (e > comment && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
      this.comments.push({ text: text.slice(comment, e), range: range(this.lineNo, comment - start, e - start) });
      cend = comment;
    }
    // Fast path for grid rows (most lines): a first token of one character other than '-' and '+' can only
    // start a row (keywords and property keys are longer, separator lines are made of '-' and '+').
    let i = start;
    while (i < cend && isSpace(text.charCodeAt(i))) i++;
    if (i === cend) return;
    const c0 = text.charCodeAt(i);
    if (c0 !== 45 && c0 !== 43 && (i + 1 === cend || isSpace(text.charCodeAt(i + 1)))) {
      this.parseRow(text, i, cend, start);
      return;
    }
    // Separator lines (a Sudoku has four): the general path below would find the same, after more work.
    if (c0 === 45 || c0 === 43) {
      const last = separatorLineEnd(text, i, cend);
      if (last >= 0) return this.parseSeparatorLine(range(this.lineNo, i - start, last - start));
    }
    // Token offsets are from the line's start, as the tree's characters are.
    const tokens = tokenize(text, start, cend);
    if (!hasTokens(tokens)) return; // not reached: the line holds the non-space character found above
    const first = tokens[0].text;
    if (PROPERTY_RE.test(first)) return this.parseProperty(text, start, cend, tokens);
    if (KIND_WORDS.has(first)) {
      this.closePuzzle();
      this.marks.push({
        offset: start,
        line: this.lineNo,
        diagnostics: this.diagnostics.length,
        comments: commentsBefore,
        puzzles: this.puzzles.length,
      });
      return this.parseHeader(tokens);
    }
    if (SECTION_WORDS.has(first)) return this.parseSection(tokens);
    if (PAIR_WORDS.has(first)) return this.parsePair(tokens);
    if (tokens.every((t) => SEPARATOR_RE.test(t.text))) return this.parseSeparatorLine(this.lineRange(tokens));
    if (WORD_RE.test(first)) {
      this.report(
        'P001',
        `unknown keyword '${first}' (expected sudoku, arc, maze, a section keyword or 'key: value')`,
        range(this.lineNo, tokens[0].start, tokens[0].end),
      );
      this.discard = true;
      this.section = undefined;
      return;
    }
    this.parseRow(text, start + tokens[0].start, cend, start);
  }

  private lineRange(tokens: Tokens): Range {
    return range(this.lineNo, tokens[0].start, lastToken(tokens).end);
  }

  private extra(tokens: Tokens, from: number, what: string): void {
    const t = tokens[from];
    if (!t) return;
    const r = range(this.lineNo, t.start, lastToken(tokens).end);
    this.report('P004', `unexpected text after ${what}`, r);
  }

  private sizeAnnotation(t: Token | undefined): SizeAnnotation | undefined | null {
    if (!t) return undefined;
    const m = SIZE_RE.exec(t.text);
    const r = range(this.lineNo, t.start, t.end);
    // Both groups of SIZE_RE are mandatory: a match has them.
    const rows = m ? +m[1]! : 0;
    const cols = m ? +m[2]! : 0;
    if (rows < 1 || cols < 1) {
      this.report('P003', `invalid size annotation '${t.text}' (expected ROWSxCOLS, for example 9x9)`, r);
      return null;
    }
    return { rows, cols, range: r };
  }

  // ---- headers ----------------------------------------------------------------------------------

  private parseHeader(tokens: Tokens): void {
    this.closePuzzle();
    this.discard = false;
    const kind = tokens[0].text as PuzzleKind;
    const kindRange = range(this.lineNo, tokens[0].start, tokens[0].end);
    let name = '';
    let nameRange: Range;
    const nameToken = tokens[1];
    if (nameToken) {
      name = nameToken.text;
      nameRange = range(this.lineNo, nameToken.start, nameToken.end);
    } else {
      nameRange = range(this.lineNo, tokens[0].end, tokens[0].end);
      this.report('P002', `missing ${kind} puzzle name (write '${kind} NAME')`, kindRange);
    }
    const declared = this.sizeAnnotation(tokens[2]) ?? undefined;
    this.extra(tokens, 3, 'the puzzle header');
    const headerRange = this.lineRange(tokens);
    const base = { name, nameRange, kindRange, headerRange, properties: [] as Property[], range: headerRange };
    let puzzle: Puzzle;
    if (kind === 'arc') puzzle = { kind, ...base, pairs: [] } satisfies ArcPuzzle;
    else if (kind === 'sudoku') puzzle = { kind, ...base } satisfies SudokuPuzzle;
    else puzzle = { kind, ...base } satisfies MazePuzzle;
    if (declared) puzzle.declared = declared;
    this.cur = { puzzle, sections: [], sawSection: false };
    this.endLine = headerRange.end.line;
    this.endCharacter = headerRange.end.character;
    this.section = undefined;
  }

  /** A `key: value` line: text[start, cend) (cend: its end, or its comment's start); token offsets are from start. */
  private parseProperty(text: string, start: number, cend: number, tokens: Tokens): void {
    const t0 = tokens[0];
    const colon = text.indexOf(':', start + t0.start) - start; // in the first token (PROPERTY_RE)
    const key = text.slice(start + t0.start, start + colon);
    const n = cend - start;
    let vs = colon + 1;
    while (vs < n && (text.charCodeAt(start + vs) === 32 || text.charCodeAt(start + vs) === 9)) vs++;
    let ve = n;
    while (ve > vs && (text.charCodeAt(start + ve - 1) === 32 || text.charCodeAt(start + ve - 1) === 9)) ve--;
    const lr = this.lineRange(tokens);
    if (!this.cur) {
      this.report('P005', `property '${key}' before the first puzzle header`, lr);
      return;
    }
    this.section = undefined;
    this.discard = false;
    const prop: Property = {
      key,
      value: text.slice(start + vs, start + ve),
      keyRange: range(this.lineNo, t0.start, colon),
      valueRange: range(this.lineNo, vs, ve),
      range: lr,
    };
    if (this.cur.sawSection) {
      this.report('P018', `property '${key}' after a section (properties belong right after the header)`, lr);
    }
    this.cur.puzzle.properties.push(prop);
    this.extendPuzzle(lr);
  }

  // ---- sections -----------------------------------------------------------------------------------

  private parsePair(tokens: Tokens): void {
    const word = tokens[0].text as 'train' | 'test';
    const kr = range(this.lineNo, tokens[0].start, tokens[0].end);
    this.section = undefined;
    if (!this.cur) {
      this.report('P005', `'${word}' before the first puzzle header`, kr);
      this.discard = true;
      return;
    }
    if (this.cur.puzzle.kind !== 'arc') {
      this.report('P006', `'${word}' pairs belong to arc puzzles, not ${this.cur.puzzle.kind}`, kr);
      this.discard = true;
      return;
    }
    this.discard = false;
    this.cur.sawSection = true;
    this.extra(tokens, 1, `'${word}'`);
    const pair: ArcPair = { role: word, keywordRange: kr, range: kr };
    this.cur.puzzle.pairs.push(pair);
    this.cur.pair = pair;
    this.extendPuzzle(kr);
  }

  /**
   * The pair role an arc puzzle's `input`/`output` keyword fills, or undefined (reported) when the keyword is
   * not an arc section, follows no `train`/`test`, or repeats one the pair has.
   */
  private arcSectionRole(cur: PuzzleState, word: string, kr: Range): 'train' | 'test' | undefined {
    if (word !== 'input' && word !== 'output') {
      this.report('P006', `'${word}' is not a section of arc puzzles (use train/test with input and output)`, kr);
      return undefined;
    }
    if (!cur.pair) {
      this.report('P008', `'${word}' must follow 'train' or 'test'`, kr);
      return undefined;
    }
    if (cur.pair[word]) {
      this.report('P007', `this ${cur.pair.role} pair already has an ${word}`, kr, { first: cur.pair[word]!.keywordRange });
      return undefined;
    }
    return cur.pair.role;
  }

  /** Whether a sudoku or maze puzzle takes this section keyword (reported when not, or when it has one already). */
  private gridSectionAllowed(p: Puzzle, word: string, kr: Range): boolean {
    const allowed = p.kind === 'sudoku' ? ['givens', 'solution'] : ['grid', 'path'];
    if (!allowed.includes(word)) {
      this.report('P006', `'${word}' is not a section of ${p.kind} puzzles (use ${allowed.join(' or ')})`, kr);
      return false;
    }
    const existing = (p as unknown as Record<string, Section | undefined>)[word];
    if (existing) {
      this.report('P007', `this puzzle already has a '${word}' section`, kr, { first: existing.keywordRange });
      return false;
    }
    return true;
  }

  private parseSection(tokens: Tokens): void {
    const word = tokens[0].text;
    const kr = range(this.lineNo, tokens[0].start, tokens[0].end);
    this.section = undefined;
    this.discard = true;
    const cur = this.cur;
    if (!cur) {
      this.report('P005', `section '${word}' before the first puzzle header`, kr);
      return;
    }
    const p = cur.puzzle;
    let role: 'train' | 'test' | undefined;
    if (p.kind === 'arc') {
      role = this.arcSectionRole(cur, word, kr);
      if (!role) return;
    } else if (!this.gridSectionAllowed(p, word, kr)) return;
    const declared = this.sizeAnnotation(tokens[1]);
    this.extra(tokens, 2, `'${word}'`);
    // The head ends after the keyword, or after its size annotation when that is valid or missing.
    const headEnd = (declared === null ? tokens[0] : (tokens[1] ?? tokens[0])).end;
    const emptyAt = range(this.lineNo, headEnd, headEnd);
    const store = this.rows.store();
    const section: Section = {
      keyword: word,
      keywordRange: kr,
      grid: lazyGrid(store, emptyAt),
      range: range(this.lineNo, tokens[0].start, headEnd),
    };
    if (declared) section.declared = declared;
    if (p.kind === 'arc') {
      const pair = cur.pair!;
      pair[word as 'input' | 'output'] = section;
    } else {
      (p as unknown as Record<string, Section>)[word] = section;
    }
    const st: SectionState = {
      section,
      kind: p.kind,
      role,
      bars: undefined,
      lineSeparators: undefined,
      store,
      seen: { bits: [0, 0, 0, 0], wide: false },
    };
    cur.sections.push(st);
    cur.sawSection = true;
    this.section = st;
    this.discard = false;
    this.extendPuzzle(section.range);
  }

  /** A line of box separators; `lr` covers its tokens. */
  private parseSeparatorLine(lr: Range): void {
    if (this.discard) return;
    const st = this.section;
    if (!st) {
      this.report(
        this.cur ? 'P009' : 'P005',
        this.cur ? 'box separator outside a section' : 'box separator before the first puzzle header',
        lr,
      );
      this.discard = true;
      return;
    }
    if (st.kind !== 'sudoku') {
      this.report('P020', `box separators are for sudoku grids; ignored in ${st.kind}`, lr);
      return;
    }
    st.section.grid.separators = true;
    (st.lineSeparators ??= []).push({ before: st.store.rows, range: lr });
  }

  /** A grid row: the cells of text[from, end) (from: its first non-space character); `base` is the line's offset. */
  private parseRow(text: string, from: number, end: number, base: number): void {
    if (this.discard) return;
    const st = this.section;
    const line = this.lineNo;
    let last = end;
    while (last > from && isSpace(text.charCodeAt(last - 1))) last--;
    if (!st) {
      const lr = range(line, from - base, last - base);
      if (!this.cur) this.report('P005', 'grid row before the first puzzle header', lr);
      else this.report('P009', 'grid row outside a section (write a section keyword such as givens, grid, input above it)', lr);
      this.discard = true;
      return;
    }
    const grid = st.section.grid;
    const store = st.store;
    const seen = st.seen;
    const sudoku = st.kind === 'sudoku';
    let count = 0;
    for (let start = skipSpaces(text, from, last), i = start; start < last; start = skipSpaces(text, i, last)) {
      i = tokenEnd(text, start + 1, last);
      if (i - start === 1) {
        if (text.charCodeAt(start) === 124) {
          // '|'
          if (!sudoku) {
            this.report('P020', `box separators are for sudoku grids; ignored in ${st.kind}`, range(line, start - base, i - base));
          } else {
            grid.separators = true;
            (st.bars ??= []).push(count, line, start - base);
          }
          continue;
        }
        const c = text.charCodeAt(start);
        if (c < 128)
          seen.bits[c >> 5]! |= 1 << (c & 31); // c >> 5 < 4
        else seen.wide = true;
      } else {
        this.report(
          'P010',
          `cell '${text.slice(start, i)}' is longer than one character (separate cells with spaces)`,
          range(line, start - base, i - base),
        );
      }
      count++;
    }
    if (count === 0) return;
    this.rows.add(store, from, last, base, line, count);
    this.endLine = line;
    this.endCharacter = last - base;
  }

  private extendPuzzle(r: Range): void {
    this.endLine = r.end.line;
    this.endCharacter = r.end.character;
  }

  // ---- checks at the end of a puzzle ----------------------------------------------------------------

  private closePuzzle(): void {
    const cur = this.cur;
    if (!cur) return;
    this.cur = undefined;
    this.section = undefined;
    const p = cur.puzzle;
    // Complete the ranges now that every row is known: grids and sections end at their last row, pairs at their
    // last section, the puzzle at its last node.
    for (const st of cur.sections) {
      const s = st.section;
      const n = st.store.rows;
      if (n) {
        s.grid.range = { start: rowRange(st.store, 0).start, end: rowRange(st.store, n - 1).end };
        s.range = { start: s.range.start, end: s.grid.range.end };
      }
    }
    if (p.kind === 'arc') {
      for (const pair of p.pairs) {
        let end = pair.keywordRange.end;
        for (const s of [pair.input, pair.output]) if (s && after(s.range.end, end)) end = s.range.end;
        pair.range = { start: pair.keywordRange.start, end };
      }
    }
    p.range = { start: p.headerRange.start, end: { line: this.endLine, character: this.endCharacter } };
    for (const st of cur.sections) this.checkSection(p, st);
    if (p.kind === 'sudoku') {
      this.checkPuzzleSizes(p, cur.sections, [p.givens, p.solution]);
      if (!p.givens) this.report('P017', `sudoku '${p.name}' has no 'givens' section`, p.headerRange);
    } else if (p.kind === 'maze') {
      this.checkPuzzleSizes(p, cur.sections, [p.grid, p.path]);
      if (!p.grid) this.report('P017', `maze '${p.name}' has no 'grid' section`, p.headerRange);
    } else {
      if (p.declared)
        this.report('P023', 'a size annotation on an arc header is ignored (annotate input and output sections)', p.declared.range);
      if (p.pairs.length === 0) this.report('P017', `arc task '${p.name}' has no train or test pair`, p.headerRange);
      for (const pair of p.pairs) {
        if (!pair.input) this.report('P017', `this ${pair.role} pair has no 'input'`, pair.keywordRange);
        if (pair.role === 'train' && !pair.output) this.report('P017', "this train pair has no 'output'", pair.keywordRange);
      }
    }
    this.puzzles.push(p);
  }

  private checkPuzzleSizes(
    p: SudokuPuzzle | MazePuzzle,
    states: SectionState[],
    sections: [Section | undefined, Section | undefined],
  ): void {
    const stateOf = (s: Section) => states.find((st) => st.section === s)!;
    const present = sections.filter((s): s is Section => !!s && stateOf(s).store.rows > 0);
    const gridSize = (s: Section) => stateSize(stateOf(s));
    if (p.declared) {
      for (const s of present) {
        const { rows, cols } = gridSize(s);
        if (rows !== p.declared.rows || cols !== p.declared.cols) {
          this.report(
            'P014',
            `the header says ${p.declared.rows}x${p.declared.cols} but '${s.keyword}' is ${rows}x${cols}`,
            p.declared.range,
            { expected: { rows: p.declared.rows, cols: p.declared.cols }, actual: { rows, cols } },
          );
        }
      }
    }
    const [first, second] = present;
    if (first && second) {
      const a = gridSize(first);
      const b = gridSize(second);
      if (a.rows !== b.rows || a.cols !== b.cols) {
        this.report(
          'P019',
          `'${second.keyword}' is ${b.rows}x${b.cols} but '${first.keyword}' is ${a.rows}x${a.cols}`,
          second.keywordRange,
        );
      }
    }
  }

  private checkSection(p: Puzzle, st: SectionState): void {
    const s = st.section;
    if (st.store.rows === 0) {
      s.grid.separators = false;
      this.report('P015', `section '${s.keyword}' has no rows`, s.keywordRange);
      return;
    }
    const { rows: h, cols: w } = stateSize(st);
    this.checkRowWidths(st, h, w);
    const size = this.checkGridSize(p, st, h, w);
    this.checkSymbols(p, st, size);
  }

  /** P012 on every row whose width differs from the first row's; P013 when the size annotation disagrees. */
  private checkRowWidths(st: SectionState, h: number, w: number): void {
    const s = st.section;
    const store = st.store;
    const width = rowCells(store, 0);
    for (let i = 1; i < store.rows; i++) {
      const n = rowCells(store, i);
      if (n !== width) {
        this.report('P012', `row ${i + 1} of '${s.keyword}' has ${n} cells; the first row has ${width}`, rowRange(store, i));
      }
    }
    if (s.declared && (s.declared.rows !== h || s.declared.cols !== w)) {
      this.report('P013', `'${s.keyword}' is annotated ${s.declared.rows}x${s.declared.cols} but has ${h}x${w} cells`, s.declared.range, {
        expected: { rows: s.declared.rows, cols: s.declared.cols },
        actual: { rows: h, cols: w },
      });
    }
  }

  /**
   * P016 on a grid of no supported size; for a Sudoku of a supported size, checks its box separators and
   * returns the size (undefined otherwise, and for other kinds).
   */
  private checkGridSize(p: Puzzle, st: SectionState, h: number, w: number): number | undefined {
    const s = st.section;
    if (p.kind !== 'sudoku') {
      if (h > MAX_GRID || w > MAX_GRID) {
        this.report('P016', `grids are at most ${MAX_GRID}x${MAX_GRID}; '${s.keyword}' is ${h}x${w}`, s.keywordRange);
      }
      return undefined;
    }
    // The flag means "written, and the printer can write them back": a complete square grid of a supported size.
    if (h !== w || !SUDOKU_SIZES.includes(h) || !everyRowHas(st.store, w)) s.grid.separators = false;
    if (h !== w || !SUDOKU_SIZES.includes(h)) {
      this.report('P016', `a sudoku grid must be 4x4, 6x6, 9x9 or 16x16; '${s.keyword}' is ${h}x${w}`, s.keywordRange);
      return undefined;
    }
    this.checkSeparators(st, h);
    return h;
  }

  /** P011 on every one-character cell outside the section's alphabet (the scan runs over every cell of the document). */
  private checkSymbols(p: Puzzle, st: SectionState, size: number | undefined): void {
    const s = st.section;
    const store = st.store;
    const nrows = store.rows;
    // An unsupported Sudoku size (already reported) is checked against the largest alphabet, 16x16.
    const table = symbolTable(p.kind, s.keyword, st.role, p.kind === 'sudoku' ? (size ?? 16) : undefined);
    if (!table) return;
    const allowed = table.set;
    const ok = table.ascii;
    if (!st.seen.wide && st.seen.bits.every((bits, k) => (bits & ~table.bits[k]!) === 0)) return; // k < 4: both have four words
    for (let r = 0; r < nrows; r++) {
      const text = store.text,
        from = rowFrom(store, r),
        last = rowLast(store, r),
        base = rowBase(store, r),
        line = rowLine(store, r);
      let i = from;
      while (i < last) {
        const c = text.charCodeAt(i);
        if (isSpace(c)) {
          i++;
          continue;
        }
        const start = i;
        i++;
        while (i < last && !isSpace(text.charCodeAt(i))) i++;
        if (i - start !== 1 || c === 124) continue; // longer tokens are P010; '|' is a separator
        if (c >= 128 || ok[c] === 0) {
          const symbol = text[start]!; // start < last <= text.length
          this.report(
            'P011',
            `'${symbol}' is not allowed in ${describe(p.kind, s.keyword, st.role, size)} (allowed: ${[...allowed].join(' ')})`,
            range(line, start - base, i - base),
            { symbol },
          );
        }
      }
    }
  }

  private checkSeparators(st: SectionState, size: number): void {
    const box = sudokuBoxShape(size)!;
    const bars = st.bars ?? [];
    for (let k = 0; k + 2 < bars.length; k += 3) {
      const before = bars[k]!; // k + 2 < bars.length
      if (before === 0 || before >= size || before % box.cols !== 0) {
        const line = bars[k + 1]!;
        const character = bars[k + 2]!;
        this.report('P021', `'|' is not at a box boundary (boxes are ${box.rows}x${box.cols})`, range(line, character, character + 1));
      }
    }
    for (const l of st.lineSeparators ?? []) {
      if (l.before === 0 || l.before >= size || l.before % box.rows !== 0) {
        this.report('P021', `separator line is not at a box boundary (boxes are ${box.rows}x${box.cols})`, l.range);
      }
    }
  }
}

function parserDiagnostic(code: ParserCode, message: string, r: Range, data?: unknown): Diagnostic {
  const d: Diagnostic = { code, message, range: r, severity: PARSER_CODES[code].severity, source: 'parser' };
  if (data !== undefined) d.data = data;
  return d;
}

/** P022 on every puzzle named like an earlier one of its kind: the one check that looks across puzzles. */
export function duplicateNames(puzzles: readonly Puzzle[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // one set per kind, so no key string is built per puzzle (this runs over every puzzle after each edit)
  const seen = new Map<PuzzleKind, Set<string>>();
  for (const p of puzzles) {
    if (p.name === '') continue;
    let names = seen.get(p.kind);
    if (!names) seen.set(p.kind, (names = new Set()));
    if (names.has(p.name)) out.push(parserDiagnostic('P022', `another ${p.kind} puzzle is already named '${p.name}'`, p.nameRange));
    else names.add(p.name);
  }
  return out;
}

type SymbolTable = { set: Set<string>; ascii: Uint8Array; bits: number[] };

const symbolTables = new Map<number, SymbolTable | null>();
const TABLE_KINDS: readonly PuzzleKind[] = ['arc', 'sudoku', 'maze'];
const TABLE_WORDS = ['givens', 'solution', 'grid', 'path', 'input', 'output'];

/** allowedSymbols as a Set plus lookups by character code (all allowed symbols are ASCII), cached under a number
 *  (a string key built for each of a large document's grids cost more than the rest of the check). */
function symbolTable(kind: PuzzleKind, keyword: string, role: 'train' | 'test' | undefined, size: number | undefined): SymbolTable | null {
  const word = TABLE_WORDS.indexOf(keyword);
  const cacheable = word >= 0 && (size === undefined || (Number.isInteger(size) && size >= 0 && size < 32));
  const key =
    (((TABLE_KINDS.indexOf(kind) * 8 + word) * 3 + (role === 'train' ? 1 : role === 'test' ? 2 : 0)) * 32 + (size ?? 0)) * 2 +
    (size === undefined ? 1 : 0);
  let t = cacheable ? symbolTables.get(key) : undefined;
  if (t === undefined) {
    const set = allowedSymbols(kind, keyword, { role, size });
    if (set) {
      const ascii = new Uint8Array(128);
      const bits = [0, 0, 0, 0];
      for (const sym of set) {
        const c = sym.charCodeAt(0);
        ascii[c] = 1;
        bits[c >> 5]! |= 1 << (c & 31); // c < 128: every allowed symbol is ASCII
      }
      t = { set, ascii, bits };
    } else t = null;
    if (cacheable) symbolTables.set(key, t);
  }
  return t;
}

function describe(kind: PuzzleKind, keyword: string, role: string | undefined, size: number | undefined): string {
  if (kind === 'arc') return `an arc ${role ?? ''} ${keyword}`.replace('  ', ' ');
  if (kind === 'sudoku') return size ? `a ${size}x${size} sudoku's ${keyword}` : `sudoku ${keyword}`;
  return `a maze ${keyword}`;
}

function stateSize(st: SectionState): { rows: number; cols: number } {
  return { rows: st.store.rows, cols: widestRow(st.store) };
}

/** The tokens of text[from, end), their offsets counted from `from`. */
function tokenize(text: string, from: number, end: number): Token[] {
  const out: Token[] = [];
  for (let start = skipSpaces(text, from, end), i = start; start < end; start = skipSpaces(text, i, end)) {
    i = tokenEnd(text, start + 1, end);
    out.push({ text: text.slice(start, i), start: start - from, end: i - from });
  }
  return out;
}

/**
 * Where the last token of text[from, end) ends when every token is a box separator (`-` and `+`, at least one `-`:
 * SEPARATOR_RE), else -1.
 */
function separatorLineEnd(text: string, from: number, end: number): number {
  let last = -1;
  for (let i = skipSpaces(text, from, end); i < end; i = skipSpaces(text, i, end)) {
    let dash = false;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 45) dash = true;
      else if (c === 43) continue;
      else if (isSpace(c)) break;
      else return -1;
    }
    if (!dash) return -1;
    last = i;
  }
  return last;
}

/** Parse a `.arc` document. Never throws. */
export function parse(text: string): ParseResult {
  try {
    return new LineParser(text).run();
  } catch (e) {
    // A bug in the parser must not take down an editor or the CLI: report it as a diagnostic.
    return {
      document: { puzzles: [], comments: [] },
      diagnostics: [
        {
          code: 'P000',
          severity: 'error',
          source: 'parser',
          message: `internal parser error: ${e instanceof Error ? e.message : String(e)}`,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        },
      ],
    };
  }
}
