// ARC digits drawn on their palette colours (editor decorations), on by default;
// `gridReasoner.arcColors.enabled` turns them off. The server says where the ARC cells are
// (gridReasoner/arcColours); swatches answered for an older version of the document are dropped.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { ARC_COLOUR_HEX } from '../../core/src/palette';
import { Messages, sendRequest } from '../../core/src/protocol/messages';

const SETTING = 'gridReasoner.arcColors.enabled';
/** Dark digits on light colours, light on dark. */
const LIGHT = new Set([4, 5, 8]);

const enabled = (): boolean => vscode.workspace.getConfiguration().get<boolean>(SETTING, true);

/** One decoration type per ARC colour, disposed with the extension. */
function createSwatchTypes(context: vscode.ExtensionContext): vscode.TextEditorDecorationType[] {
  const types = ARC_COLOUR_HEX.map((hex, i) =>
    vscode.window.createTextEditorDecorationType({
      backgroundColor: hex,
      color: LIGHT.has(i) ? '#000000' : '#FFFFFF',
      // Square corners, and a border of the same colour above and below, so neighbouring rows' swatches touch.
      borderStyle: 'solid',
      borderColor: hex,
      borderWidth: '1px 0',
    }),
  );
  context.subscriptions.push(...types);
  return types;
}

/** Paints one editor's swatches as the server places them, or clears them when the setting is off or no server runs. */
async function decorateEditor(
  editor: vscode.TextEditor,
  types: vscode.TextEditorDecorationType[],
  getClient: () => BaseLanguageClient | undefined,
): Promise<void> {
  const doc = editor.document;
  if (doc.languageId !== 'arcgrid') return;
  const client = getClient();
  if (!enabled() || !client?.isRunning()) return types.forEach((t) => editor.setDecorations(t, []));
  const version = doc.version;
  let reply;
  try {
    reply = await sendRequest(client, Messages.arcColours, { uri: doc.uri.toString() });
  } catch {
    return; // the server restarted or is busy: the next edit or editor switch asks again
  }
  // The server's document and this editor's must be the same version, or the ranges point at other text.
  if (!reply || reply.version !== version || doc.version !== version) return;
  types.forEach((t, i) =>
    editor.setDecorations(
      t,
      (reply.byColour[i] ?? []).map((r) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character)),
    ),
  );
}

export function registerArcColours(
  context: vscode.ExtensionContext,
  onClient: (f: (client: BaseLanguageClient) => void) => void,
  getClient: () => BaseLanguageClient | undefined,
): void {
  const types = createSwatchTypes(context);
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const decorate = (editor: vscode.TextEditor): Promise<void> => decorateEditor(editor, types, getClient);

  const decorateDocument = (doc: vscode.TextDocument, delayMs: number): void => {
    const key = doc.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        for (const e of vscode.window.visibleTextEditors) if (e.document === doc) void decorate(e);
      }, delayMs),
    );
  };
  const decorateVisible = (): void => vscode.window.visibleTextEditors.forEach((e) => void decorate(e));

  context.subscriptions.push(
    vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => void decorate(e))),
    vscode.workspace.onDidChangeTextDocument((e) => decorateDocument(e.document, 150)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTING)) decorateVisible();
    }),
    { dispose: () => pending.forEach((t) => clearTimeout(t)) },
  );
  // Each (re)started client: paint once it runs (State.Running is 2 in vscode-languageclient's common State enum,
  // compared by value so this file needs no Node- or browser-specific import of the library).
  onClient((client) => {
    client.onDidChangeState((e) => {
      if (e.newState === 2) decorateVisible();
    });
  });
  decorateVisible();
}
