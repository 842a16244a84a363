// The TRM status bar item's text and tooltip for a status (client/src/trmStatus.ts draws it). Plain strings;
// `$(name)` are VS Code codicons.

import type { TrmStatus } from '../protocol/trmMessages';

const PROVIDER: Record<string, string> = { cuda: 'CUDA', cpu: 'CPU', wasm: 'WASM' };

/**
 * The status bar text and tooltip for a status. `forPuzzle`: the model for the puzzle at the cursor (or why there
 * is none), which is shown instead of the model of the latest run.
 */
export function statusText(
  s: TrmStatus,
  forPuzzle?: { model?: string; noModel?: string; notRun?: string },
): { text: string; tooltip: string; warning: boolean } {
  const provider = s.provider
    ? (PROVIDER[s.provider] ?? s.provider)
    : s.providerSetting === 'auto'
      ? 'auto'
      : (PROVIDER[s.providerSetting] ?? s.providerSetting);
  const model =
    forPuzzle?.model ??
    s.model ??
    s.models.find((m) => m.state === 'ok')?.name ??
    `${s.models.filter((m) => m.state !== 'error' && m.state !== 'ignored').length} models`;
  const lines = [`Grid Reasoner TRM · provider setting: ${s.providerSetting}`];
  if (forPuzzle?.model) lines.push(`model for the puzzle at the cursor: ${forPuzzle.model}`);
  if (forPuzzle?.noModel) lines.push(`the puzzle at the cursor: ${forPuzzle.noModel}`);
  if (forPuzzle?.notRun) lines.push(`the puzzle at the cursor: ${forPuzzle.notRun}`);
  if (s.provider) lines.push(`provider used: ${PROVIDER[s.provider] ?? s.provider}`);
  if (s.providerNote) lines.push(s.providerNote);
  if (s.message) lines.push(s.message);
  lines.push('Click for model info');
  switch (s.state) {
    case 'busy':
      return { text: `$(sync~spin) TRM ${model} · ${provider} · ${s.running} running`, tooltip: lines.join('\n'), warning: false };
    case 'error':
      return { text: `$(warning) TRM ${model} · ${provider}`, tooltip: lines.join('\n'), warning: true };
    case 'none':
      return { text: '$(circle-slash) TRM: no model', tooltip: lines.join('\n'), warning: false };
    default:
      if (forPuzzle?.noModel && !forPuzzle.model)
        return { text: '$(circle-slash) TRM: no model for this puzzle', tooltip: lines.join('\n'), warning: false };
      if (forPuzzle?.notRun) return { text: `$(circle-slash) TRM ${model}: not run here`, tooltip: lines.join('\n'), warning: false };
      return { text: `$(hubot) TRM ${model} · ${provider}`, tooltip: lines.join('\n'), warning: false };
  }
}
