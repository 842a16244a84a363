// ARC digits drawn on their palette colours (editor decorations), on by default;
// `gridReasoner.arcColors.enabled` turns them off. Uses the pure core parser: no server round trip.

import * as vscode from 'vscode';
import { parse } from '../../core/src/dsl/parser';
import { arcColourRanges } from '../../core/src/language/colours';
import { ARC_COLOUR_HEX } from '../../core/src/rules/arc';

const SETTING = 'gridReasoner.arcColors.enabled';
/** Larger documents are not decorated (parsing them on each edit in the extension host is not worth it). */
const MAX_CHARS = 2_000_000;
/** Dark digits on light colours, light on dark. */
const LIGHT = new Set([4, 5, 8]);

export function registerArcColours(context: vscode.ExtensionContext): void {
  const types = ARC_COLOUR_HEX.map((hex, i) => vscode.window.createTextEditorDecorationType({
    backgroundColor: hex,
    color: LIGHT.has(i) ? '#000000' : '#FFFFFF',
    // Square corners, and a border of the same colour above and below, so neighbouring rows' swatches touch.
    borderStyle: 'solid',
    borderColor: hex,
    borderWidth: '1px 0',
  }));
  context.subscriptions.push(...types);
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const enabled = (): boolean => vscode.workspace.getConfiguration().get<boolean>(SETTING, true);

  const decorate = (editor: vscode.TextEditor): void => {
    const doc = editor.document;
    if (doc.languageId !== 'arcgrid') return;
    let byColour: vscode.Range[][] = types.map(() => []);
    if (enabled() && doc.getText().length <= MAX_CHARS) {
      byColour = arcColourRanges(parse(doc.getText()).document).map((ranges) =>
        ranges.map((r) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character)));
    }
    types.forEach((t, i) => editor.setDecorations(t, byColour[i]));
  };

  const decorateDocument = (doc: vscode.TextDocument, delayMs: number): void => {
    const key = doc.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(key, setTimeout(() => {
      pending.delete(key);
      for (const e of vscode.window.visibleTextEditors) if (e.document === doc) decorate(e);
    }, delayMs));
  };

  context.subscriptions.push(
    vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach(decorate)),
    vscode.workspace.onDidChangeTextDocument((e) => decorateDocument(e.document, 150)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTING)) vscode.window.visibleTextEditors.forEach(decorate);
    }),
    { dispose: () => pending.forEach((t) => clearTimeout(t)) },
  );
  vscode.window.visibleTextEditors.forEach(decorate);
}
