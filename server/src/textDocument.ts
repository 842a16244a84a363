// The server's open documents: vscode-languageserver-textdocument's TextDocument interface and update rules,
// with the line starts found by `indexOf`. The package finds them with a loop over every character, once per
// document, at its first position lookup or edit: 100-130 ms for a 10 MB document, in one turn of the event loop,
// which every other request waited behind (bench/textDocument.bench.ts measures both side by side).
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';

/** Appends to `out` the offset (plus `shift`) after every line break of `text`: \n, \r\n (counted once) or \r. */
function pushLineStarts(out: number[], text: string, shift: number): void {
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf >= 0 || cr >= 0) {
    let next: number;
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      next = cr + 1 === lf ? lf + 1 : cr + 1;
      cr = text.indexOf('\r', next);
    } else next = lf + 1;
    if (lf >= 0 && lf < next) lf = text.indexOf('\n', next);
    out.push(next + shift);
  }
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** The range with its ends in document order (an edit may name them the other way round). */
function ordered(r: Range): Range {
  const { start, end } = r;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : r;
}

class LineIndexedDocument implements TextDocument {
  /** Offsets where each line starts (the first is 0); computed when first needed, kept up to date by edits. */
  private starts: number[] | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    private content: string,
  ) {}

  get lineCount(): number {
    return this.lineStarts().length;
  }

  getText(range?: Range): string {
    return range ? this.content.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : this.content;
  }

  positionAt(offset: number): Position {
    const at = Math.max(Math.min(offset, this.content.length), 0);
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (starts[mid]! > at) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    return { line, character: this.beforeLineBreak(at, starts[line]!) - starts[line]! };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts();
    if (position.line >= starts.length) return this.content.length;
    if (position.line < 0) return 0;
    const start = starts[position.line]!;
    if (position.character <= 0) return start;
    return this.beforeLineBreak(Math.min(start + position.character, this.lineEnd(position.line)), start);
  }

  /** The line without its line break; past the last line, the last line's; before the first, an empty range. */
  getLineRange(line: number): Range {
    const starts = this.lineStarts();
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (line >= starts.length) {
      const last = starts.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.content.length - starts[last]! } };
    }
    const start = starts[line]!;
    const end = this.beforeLineBreak(this.lineEnd(line), start);
    return { start: { line, character: 0 }, end: { line, character: end - start } };
  }

  /** The line break that ends the line ('' for the last line and for lines out of range). */
  getEOLCharacters(line: number): string {
    const starts = this.lineStarts();
    if (line < 0 || line >= starts.length) return '';
    const next = this.lineEnd(line);
    return this.content.substring(this.beforeLineBreak(next, starts[line]!), next);
  }

  /** Applies the changes in order, as the package does (its rules for ranges past the end included). */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) this.replace(ordered(change.range), change.text);
      else {
        this.content = change.text;
        this.starts = undefined;
      }
    }
    this.version = version;
  }

  private replace(range: Range, text: string): void {
    const from = this.offsetAt(range.start);
    const to = this.offsetAt(range.end);
    const content = this.content.substring(0, from) + text + this.content.substring(to);
    this.content = content;
    const insertedEnd = from + text.length;
    // A \r\n made or split at either end of the insertion changes how the lines around it are counted.
    if (
      (content.charCodeAt(from - 1) === 13 && content.charCodeAt(from) === 10) ||
      (content.charCodeAt(insertedEnd - 1) === 13 && content.charCodeAt(insertedEnd) === 10)
    ) {
      this.starts = undefined;
      return;
    }
    const startLine = Math.max(range.start.line, 0);
    const endLine = Math.max(range.end.line, 0);
    const added: number[] = [];
    pushLineStarts(added, text, from);
    let starts = this.starts!; // offsetAt computed them
    // (a paste of many lines: spread into splice's arguments, they would overflow the stack)
    if (added.length < 10_000) starts.splice(startLine + 1, endLine - startLine, ...added);
    else this.starts = starts = starts.slice(0, startLine + 1).concat(added, starts.slice(endLine + 1));
    const diff = text.length - (to - from);
    if (diff !== 0) for (let i = startLine + 1 + added.length; i < starts.length; i++) starts[i]! += diff;
  }

  private lineStarts(): number[] {
    if (!this.starts) {
      this.starts = [0];
      pushLineStarts(this.starts, this.content, 0);
    }
    return this.starts;
  }

  /** Where the next line starts (the end of the text after the last line). */
  private lineEnd(line: number): number {
    const starts = this.lineStarts();
    return line + 1 < starts.length ? starts[line + 1]! : this.content.length;
  }

  private beforeLineBreak(offset: number, lineStart: number): number {
    let o = offset;
    while (o > lineStart && isLineBreak(this.content.charCodeAt(o - 1))) o--;
    return o;
  }
}

/** What TextDocuments creates and updates its documents with. */
export const lineIndexedDocuments: TextDocumentsConfiguration<TextDocument> = {
  create: (uri, languageId, version, content) => new LineIndexedDocument(uri, languageId, version, content),
  update: (document, changes, version) => {
    // TextDocuments hands back the documents `create` made
    (document as unknown as LineIndexedDocument).update(changes, version);
    return document;
  },
};
