// The client-side features both extensions register (desktop: extension.ts, web: browserExtension.ts): ARC
// colours, the TRM commands and status bar, the trace panel, the walkthrough, new-puzzle and import commands. One list, so the web extension
// has every palette command the desktop one has.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { registerArcColours } from './arcColours';
import { registerPuzzleCommands } from './puzzleCommands';
import { registerTracePanel, type TracePanelApi } from './tracePanel';
import { registerTrmCommands, type TrmClientApi } from './trmCommands';
import { registerTrmStatus } from './trmStatus';
import { registerWalkthrough } from './walkthrough';

export function registerClientFeatures(
  context: vscode.ExtensionContext,
  onClient: (f: (client: BaseLanguageClient) => void) => void,
  getClient: () => BaseLanguageClient | undefined,
  output: vscode.LogOutputChannel,
): { trm: TrmClientApi; tracePanel: TracePanelApi; statusBar: { text(): string } } {
  registerArcColours(context, onClient, getClient);
  const trm = registerTrmCommands(context, onClient, getClient, output);
  const statusBar = registerTrmStatus(context, onClient, trm.puzzleAt);
  const tracePanel = registerTracePanel(context, trm);
  registerWalkthrough(context);
  registerPuzzleCommands(context, getClient);
  return { trm, tracePanel, statusBar };
}
