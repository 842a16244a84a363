// The typed tree of a `.arc` document. Plain data: no classes, no LSP types.
// Every node carries an exact range (0-based line, 0-based UTF-16 character, end exclusive),
// so every layer above (CLI, language server, webview) can point at the text.
// Treat a parsed tree as read-only: the parser shares Position objects between nodes (a section's range ends at its
// grid's end position), so copy a range before changing it. A parsed GridNode builds its `rows` (and their cells)
// when `rows` is first read, then keeps them; `rows` is an own enumerable property (JSON, spread, structured clone
// and deep-equal see a plain array).

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedInformation {
  range: Range;
  message: string;
}

/** A problem found in a document. `code` is stable (documented in docs/dsl.md / docs/diagnostics.md). */
export interface Diagnostic {
  code: string;
  message: string;
  range: Range;
  severity: Severity;
  /** Who found it: 'parser', 'rules', 'trm'. */
  source: string;
  related?: RelatedInformation[];
  /** Machine-readable extras for quick fixes (for example the value to write). */
  data?: unknown;
}

export type PuzzleKind = 'arc' | 'sudoku' | 'maze';

/** One cell token as written. `symbol` is the raw token text (one character when valid). */
export interface Cell {
  symbol: string;
  range: Range;
}

export interface GridRow {
  cells: Cell[];
  range: Range;
}

/** `RxC` written after a header or a section keyword; checked against the grid when present. */
export interface SizeAnnotation {
  rows: number;
  cols: number;
  range: Range;
}

export interface GridNode {
  rows: GridRow[];
  /** Covers all rows; an empty grid has an empty range at the end of its keyword line. */
  range: Range;
  /** Sudoku box separators (`|`, `---+---`) were written; the formatter writes them back. */
  separators: boolean;
}

/** A keyword line (`givens`, `solution`, `input`, `output`, `grid`, `path`) and the grid below it. */
export interface Section {
  keyword: string;
  keywordRange: Range;
  declared?: SizeAnnotation;
  grid: GridNode;
  range: Range;
}

/** `key: value` line inside a puzzle (for example `source:` and `rating:` from Sudoku-Extreme CSVs). */
export interface Property {
  key: string;
  value: string;
  keyRange: Range;
  valueRange: Range;
  range: Range;
}

export interface Comment {
  text: string;
  range: Range;
}

interface PuzzleBase {
  kind: PuzzleKind;
  /** Name or task id, as written in the header. */
  name: string;
  nameRange: Range;
  kindRange: Range;
  headerRange: Range;
  declared?: SizeAnnotation;
  properties: Property[];
  /** From the header to the end of its last section. */
  range: Range;
}

export interface SudokuPuzzle extends PuzzleBase {
  kind: 'sudoku';
  givens?: Section;
  solution?: Section;
}
export interface MazePuzzle extends PuzzleBase {
  kind: 'maze';
  grid?: Section;
  path?: Section;
}

export interface ArcPair {
  role: 'train' | 'test';
  keywordRange: Range;
  input?: Section;
  output?: Section;
  range: Range;
}
export interface ArcPuzzle extends PuzzleBase {
  kind: 'arc';
  pairs: ArcPair[];
}

export type Puzzle = SudokuPuzzle | MazePuzzle | ArcPuzzle;

export interface ArcDocument {
  puzzles: Puzzle[];
  comments: Comment[];
}

export interface ParseResult {
  document: ArcDocument;
  diagnostics: Diagnostic[];
}
