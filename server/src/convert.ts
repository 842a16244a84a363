// Core plain data <-> LSP types. Positions and ranges are already LSP-shaped (0-based, UTF-16).

import {
  CompletionItemKind,
  DiagnosticSeverity,
  SymbolKind,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type InlayHint,
  type Range as LspRange,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { InsertTextFormat, FoldingRangeKind } from 'vscode-languageserver';
import type { Diagnostic, Range, Severity } from '../../core/src/dsl/ast';
import { snippetToPlainText, type CompletionEntry } from '../../core/src/language/completion';
import type { FoldingEntry, InlayHintEntry, OutlineNode } from '../../core/src/language/outline';
import { ARC_COLOUR_HEX } from '../../core/src/rules/arc';

export const SOURCE = 'grid-reasoner';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
const SEVERITY_BACK = new Map<DiagnosticSeverity, Severity>(Object.entries(SEVERITY).map(([k, v]) => [v, k as Severity]));

export function toLspRange(r: Range): LspRange {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** Edits of one document (core plain data) as an LSP workspace edit. */
export function toWorkspaceEdit(uri: string, edits: readonly { range: Range; newText: string }[]): WorkspaceEdit {
  return { changes: { [uri]: edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })) } };
}

/** Our diagnostics carry their origin (parser/rules/trm) and extras in `data`, so code actions get them back. */
interface DiagnosticData {
  origin: string;
  extra?: unknown;
}

export function toLspDiagnostic(uri: string, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toLspRange(d.range),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: SOURCE,
    message: d.message,
    data: { origin: d.source, extra: d.data } satisfies DiagnosticData,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri, range: toLspRange(r.range) }, message: r.message }));
  }
  return out;
}

/** An LSP diagnostic sent back by the client (code action context), if it is one of ours. */
export function fromLspDiagnostic(d: LspDiagnostic): Diagnostic | undefined {
  if (d.source !== SOURCE || typeof d.code !== 'string') return undefined;
  const data = (d.data ?? {}) as Partial<DiagnosticData>;
  const out: Diagnostic = {
    code: d.code,
    message:
      typeof d.message === 'string'
        ? d.message
        : typeof (d.message as { value?: unknown } | null)?.value === 'string'
          ? (d.message as { value: string }).value
          : '',
    range: toLspRange(d.range),
    severity: SEVERITY_BACK.get(d.severity ?? DiagnosticSeverity.Error) ?? 'error',
    source: typeof data.origin === 'string' ? data.origin : 'rules',
  };
  if (data.extra !== undefined) out.data = data.extra;
  return out;
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  value: CompletionItemKind.Value,
  colour: CompletionItemKind.Color,
  property: CompletionItemKind.Property,
};

/** `snippets`: the client declared snippet support; without it snippets are sent as the plain text they stand for. */
export function toCompletionItem(e: CompletionEntry, snippets = true): CompletionItem {
  const item: CompletionItem = { label: e.label, kind: COMPLETION_KIND[e.kind] };
  if (e.detail) item.detail = e.detail;
  // VS Code draws a swatch for Color items whose documentation is a hex colour.
  if (e.colour !== undefined) {
    const hex = ARC_COLOUR_HEX[e.colour];
    if (hex !== undefined) item.documentation = hex;
  } else if (e.documentation) item.documentation = e.documentation;
  if (e.sortText) item.sortText = e.sortText;
  const raw = e.insertText ?? e.label;
  const newText = e.snippet && !snippets ? snippetToPlainText(raw) : raw;
  if (e.snippet && snippets) item.insertTextFormat = InsertTextFormat.Snippet;
  if (e.filterText) item.filterText = e.filterText;
  if (e.range) item.textEdit = { range: toLspRange(e.range), newText };
  else item.insertText = newText;
  if ((e.kind === 'snippet' || e.kind === 'keyword' || e.kind === 'property') && !e.filterText) item.filterText = e.label;
  return item;
}

const PUZZLE_SYMBOL: Record<NonNullable<OutlineNode['puzzleKind']>, SymbolKind> = {
  sudoku: SymbolKind.Struct,
  maze: SymbolKind.Struct,
  arc: SymbolKind.Module,
};

export function toDocumentSymbol(n: OutlineNode): DocumentSymbol {
  const kind =
    n.kind === 'puzzle'
      ? PUZZLE_SYMBOL[n.puzzleKind ?? 'arc']
      : n.kind === 'pair'
        ? SymbolKind.Namespace
        : n.kind === 'section'
          ? SymbolKind.Array
          : SymbolKind.Property;
  const s: DocumentSymbol = {
    name: n.name,
    kind,
    range: toLspRange(n.range),
    selectionRange: toLspRange(n.selectionRange),
    children: n.children.map(toDocumentSymbol),
  };
  if (n.detail) s.detail = n.detail;
  return s;
}

export function toFoldingRange(f: FoldingEntry): FoldingRange {
  const r: FoldingRange = { startLine: f.startLine, endLine: f.endLine };
  if (f.kind) r.kind = f.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region;
  return r;
}

export function toInlayHint(h: InlayHintEntry): InlayHint {
  const hint: InlayHint = { position: { line: h.position.line, character: h.position.character }, label: h.label, paddingLeft: true };
  if (h.tooltip) hint.tooltip = h.tooltip;
  return hint;
}
