import { CodeActionKind, type CodeAction, type CodeActionParams, type ExecuteCommandParams } from 'vscode-languageserver';
import type { Diagnostic } from '../../core/src/dsl/ast';
import { CHECK_UNIQUENESS_COMMAND, codeActions, type CodeActionEntry } from '../../core/src/language/codeActions';
import type { UniquenessResult } from '../../core/src/protocol/messages';
import { solveExactly } from '../../core/src/rules/solve';
import { fromLspDiagnostic, toLspDiagnostic, toWorkspaceEdit } from './convert';
import { InvalidParams, runHook, showMessage, type ServerContext } from './context';

/** The solution count cap of the Check uniqueness command. */
export const UNIQUENESS_CAP = 1000;
/** Solver time after which Check uniqueness answers "not checked: too slow" (ms). */
const UNIQUENESS_LIMIT_MS = 10_000;
const UNIQUENESS_SLICE_MS = 15;

function toCodeAction(uri: string, e: CodeActionEntry): CodeAction {
  const action: CodeAction = { title: e.title, kind: e.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite };
  if (e.edits) action.edit = toWorkspaceEdit(uri, e.edits);
  if (e.command) action.command = e.command;
  if (e.diagnostics) action.diagnostics = e.diagnostics.map((d) => toLspDiagnostic(uri, d));
  if (e.isPreferred) action.isPreferred = true;
  if (e.disabledReason) action.disabled = { reason: e.disabledReason };
  return action;
}

export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(
    ctx.guard('codeAction', async (params: CodeActionParams, token): Promise<CodeAction[]> => {
      const uri = params.textDocument.uri;
      const a = ctx.analysis(uri);
      if (!a) return [];
      const diags = params.context.diagnostics.map(fromLspDiagnostic).filter((d): d is Diagnostic => !!d);
      let entries = codeActions(a.parsed.document, a.text, uri, params.range, diags, {
        solveLimitMs: ctx.settings.solverGiveUpMs,
        parserDiagnostics: a.parsed.diagnostics,
      });
      if (ctx.clientCapabilities?.textDocument?.codeAction?.disabledSupport !== true) entries = entries.filter((e) => !e.disabledReason);
      const only = params.context.only;
      if (only?.length)
        entries = entries.filter((e) =>
          only.some((k) => (e.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite).startsWith(k)),
        );
      const actions = entries.map((e) => toCodeAction(uri, e));
      for (const hook of ctx.hooks) {
        if (!hook.codeActions) continue;
        let extra = await runHook(ctx, 'codeActions', [] as CodeAction[], () => hook.codeActions!(params, actions, token));
        if (only?.length) extra = extra.filter((x) => only.some((k) => (x.kind ?? '').startsWith(k)));
        actions.push(...extra);
      }
      return actions;
    }),
  );
}

/** workspace/executeCommand handlers of this module, by command id. */
export const COMMANDS = {
  [CHECK_UNIQUENESS_COMMAND]: async (ctx: ServerContext, args: unknown[]): Promise<UniquenessResult | null> => {
    const [uri, index] = args;
    if (typeof uri !== 'string' || typeof index !== 'number' || !Number.isInteger(index)) {
      throw new InvalidParams(`${CHECK_UNIQUENESS_COMMAND} takes [uri: string, puzzleIndex: integer]`);
    }
    const a = ctx.analysis(uri);
    const p = a?.parsed.document.puzzles[index];
    if (!p) {
      showMessage(ctx, 'warning', 'Grid Reasoner: that puzzle is no longer in the document.');
      return null;
    }
    // Counting to the cap can take long: search in slices (other requests are answered in between) and give
    // up after UNIQUENESS_LIMIT_MS of solver time.
    let s = solveExactly(p, UNIQUENESS_CAP, {
      deadline: ctx.env.now() + UNIQUENESS_SLICE_MS,
      limitMs: UNIQUENESS_LIMIT_MS,
      now: () => ctx.env.now(),
    });
    while (s.status === 'pending') {
      await ctx.env.yieldToEventLoop();
      s = solveExactly(p, UNIQUENESS_CAP, {
        deadline: ctx.env.now() + UNIQUENESS_SLICE_MS,
        limitMs: UNIQUENESS_LIMIT_MS,
        now: () => ctx.env.now(),
      });
    }
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
  ctx.connection.onExecuteCommand(
    ctx.guard('executeCommand', (params: ExecuteCommandParams) => {
      const handler = all[params.command];
      if (!handler) throw new Error(`unknown command ${params.command}`);
      return handler(ctx, params.arguments ?? []);
    }),
  );
}

export const SERVER_COMMANDS: string[] = Object.keys(COMMANDS);
