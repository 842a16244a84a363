import { CodeActionKind, type CodeAction, type CodeActionParams, type ExecuteCommandParams } from 'vscode-languageserver';
import type { Diagnostic } from '../../core/src/dsl/ast';
import { CHECK_UNIQUENESS_COMMAND, codeActions, type CodeActionEntry } from '../../core/src/language/codeActions';
import { solveExactly } from '../../core/src/rules/solve';
import { fromLspDiagnostic, toLspDiagnostic, toLspRange } from './convert';
import { runHook, showMessage, type ServerContext } from './context';

/** The solution count cap of the Check uniqueness command. */
export const UNIQUENESS_CAP = 1000;

function toCodeAction(uri: string, e: CodeActionEntry): CodeAction {
  const action: CodeAction = { title: e.title, kind: e.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite };
  if (e.edits) action.edit = { changes: { [uri]: e.edits.map((x) => ({ range: toLspRange(x.range), newText: x.newText })) } };
  if (e.command) action.command = e.command;
  if (e.diagnostics) action.diagnostics = e.diagnostics.map((d) => toLspDiagnostic(uri, d));
  if (e.isPreferred) action.isPreferred = true;
  return action;
}

export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(ctx.guard('codeAction', async (params: CodeActionParams, token): Promise<CodeAction[]> => {
    const uri = params.textDocument.uri;
    const a = ctx.analysis(uri);
    if (!a) return [];
    const diags = params.context.diagnostics.map(fromLspDiagnostic).filter((d): d is Diagnostic => !!d);
    let entries = codeActions(a.parsed.document, a.text, uri, params.range, diags);
    const only = params.context.only;
    if (only?.length) entries = entries.filter((e) => only.some((k) => (e.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite).startsWith(k)));
    const actions = entries.map((e) => toCodeAction(uri, e));
    for (const hook of ctx.hooks) {
      if (!hook.codeActions) continue;
      let extra = await runHook(ctx, 'codeActions', [] as CodeAction[], () => hook.codeActions!(params, actions, token));
      if (only?.length) extra = extra.filter((x) => only.some((k) => (x.kind ?? '').startsWith(k)));
      actions.push(...extra);
    }
    return actions;
  }));
}

export interface UniquenessResult { puzzle: string; count: number; capped: boolean; unique: boolean; message: string }

/** workspace/executeCommand handlers of this module, by command id. */
export const COMMANDS = {
  [CHECK_UNIQUENESS_COMMAND]: (ctx: ServerContext, args: unknown[]): UniquenessResult | null => {
    const [uri, index] = args as [string, number];
    const a = ctx.analysis(String(uri));
    const p = a?.parsed.document.puzzles[Number(index)];
    if (!p) {
      showMessage(ctx, 'warning', 'Grid Reasoner: that puzzle is no longer in the document.');
      return null;
    }
    const s = solveExactly(p, UNIQUENESS_CAP);
    const count = s.count ?? 0;
    let message: string;
    if (s.status === 'solved') {
      message = s.unique
        ? `${p.kind} ${p.name}: exactly one ${p.kind === 'maze' ? 'shortest path' : 'solution'}.`
        : `${p.kind} ${p.name}: ${s.capped ? `at least ${count}` : count} ${p.kind === 'maze' ? 'shortest paths' : 'solutions'} (not unique).`;
    } else message = s.message;
    showMessage(ctx, 'info', message);
    return { puzzle: p.name, count, capped: s.capped ?? false, unique: s.unique ?? false, message };
  },
} satisfies Record<string, (ctx: ServerContext, args: unknown[]) => unknown>;

export function registerCommands(ctx: ServerContext, extra: Record<string, (ctx: ServerContext, args: unknown[]) => unknown> = {}): void {
  const all: Record<string, (ctx: ServerContext, args: unknown[]) => unknown> = { ...COMMANDS, ...extra };
  ctx.connection.onExecuteCommand(ctx.guard('executeCommand', (params: ExecuteCommandParams) => {
    const handler = all[params.command];
    if (!handler) throw new Error(`unknown command ${params.command}`);
    return handler(ctx, params.arguments ?? []);
  }));
}

export const SERVER_COMMANDS: string[] = Object.keys(COMMANDS);
