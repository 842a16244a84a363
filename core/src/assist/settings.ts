// The assistant's settings: defaults, validation of what a client sends, and the engine run options
// they mean. Plain data (docs/assistant.md lists every setting).

import type { RunOptions } from '../trm/engine';
import { DEFAULT_SEARCH_BUDGET_MS, DEFAULT_SEARCH_VIEWS } from '../trm/search';
import type { HaltingMode, ProviderChoice, TrmClientSettings, TrmSettings } from '../protocol/trmMessages';

export const DEFAULT_TRM_SETTINGS: TrmSettings = {
  provider: 'auto',
  maxSteps: 0,
  haltingMode: 'halt',
  arcAugmentations: 0,
  searchViews: DEFAULT_SEARCH_VIEWS,
  searchBudgetMs: DEFAULT_SEARCH_BUDGET_MS,
  confidenceThreshold: 0.9,
  modelDiagnostics: true,
  autoRun: true,
  enabled: true,
};

/** Where each setting lives in the editor's configuration (package.json `gridReasoner.<key>`). */
export const TRM_SETTING_KEYS: Readonly<Record<keyof TrmSettings, string>> = {
  provider: 'provider',
  maxSteps: 'maxSteps',
  haltingMode: 'haltingMode',
  arcAugmentations: 'arcAugmentations',
  searchViews: 'search.views',
  searchBudgetMs: 'search.budgetMs',
  confidenceThreshold: 'confidenceThreshold',
  modelDiagnostics: 'modelDiagnostics',
  autoRun: 'autoRun',
  enabled: 'assistant.enabled',
};

/** The rules' solver budget per document analysis (`gridReasoner.diagnostics.solverBudgetMs`), ms. */
export const DEFAULT_SOLVER_BUDGET_MS = 400;

/** The settings as an editor's configuration holds them, defaults from DEFAULT_TRM_SETTINGS (the one source). */
export function readTrmSettings(get: <T>(key: string, fallback: T) => T): TrmSettings {
  const out = { ...DEFAULT_TRM_SETTINGS } as Record<keyof TrmSettings, unknown>;
  for (const [field, key] of Object.entries(TRM_SETTING_KEYS) as [keyof TrmSettings, string][]) {
    out[field] = get(key, DEFAULT_TRM_SETTINGS[field]);
  }
  return out as unknown as TrmSettings;
}

const PROVIDERS: readonly ProviderChoice[] = ['auto', 'cpu', 'cuda', 'wasm'];
const HALTING: readonly HaltingMode[] = ['halt', 'maxSteps', 'stable'];

/** Steps without a change after which `stable` halting stops. */
export const STABLE_STEPS = 2;

/** Merges what a client sent over `base`, keeping the base value for anything missing or invalid. */
export function mergeTrmSettings(base: TrmSettings, sent: TrmClientSettings | undefined): TrmSettings {
  const s = { ...base };
  if (!sent || typeof sent !== 'object') return s;
  const int = (v: unknown, lo: number, hi: number): number | undefined =>
    typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? v : undefined;
  if (PROVIDERS.includes(sent.provider as ProviderChoice)) s.provider = sent.provider as ProviderChoice;
  if (HALTING.includes(sent.haltingMode as HaltingMode)) s.haltingMode = sent.haltingMode as HaltingMode;
  s.maxSteps = int(sent.maxSteps, 0, 1000) ?? s.maxSteps;
  s.arcAugmentations = int(sent.arcAugmentations, 0, 512) ?? s.arcAugmentations;
  s.searchViews = int(sent.searchViews, 1, 256) ?? s.searchViews;
  s.searchBudgetMs = int(sent.searchBudgetMs, 0, 60000) ?? s.searchBudgetMs;
  if (typeof sent.confidenceThreshold === 'number' && sent.confidenceThreshold >= 0 && sent.confidenceThreshold <= 1) {
    s.confidenceThreshold = sent.confidenceThreshold;
  }
  if (typeof sent.modelDiagnostics === 'boolean') s.modelDiagnostics = sent.modelDiagnostics;
  if (typeof sent.autoRun === 'boolean') s.autoRun = sent.autoRun;
  if (typeof sent.enabled === 'boolean') s.enabled = sent.enabled;
  return s;
}

/** The engine options a setting combination means (`testIndex` per run). */
export function runOptionsOf(s: TrmSettings, testIndex = 0): Omit<RunOptions, 'signal'> {
  const o: Omit<RunOptions, 'signal'> = { testIndex };
  if (s.maxSteps > 0) o.maxSteps = s.maxSteps;
  if (s.haltingMode === 'halt') o.haltOnQ = true;
  else if (s.haltingMode === 'maxSteps') {
    o.haltOnQ = false;
    o.stableSteps = 0;
  } else {
    o.haltOnQ = false;
    o.stableSteps = STABLE_STEPS;
  }
  if (s.arcAugmentations > 0) o.augmentations = s.arcAugmentations;
  if (s.searchViews > 1) {
    o.views = s.searchViews;
    o.budgetMs = s.searchBudgetMs;
  }
  return o;
}

/**
 * The model paths to use, by origin: workspace paths only in a workspace the client says is trusted
 * (`workspaceTrusted: true`; missing or anything else is untrusted, as a model file is code to run).
 */
export function modelPathsOf(sent: TrmClientSettings | undefined): {
  user: string[];
  workspace: string[];
  ignored: string[];
  trusted: boolean;
} {
  const clean = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim().length > 0).map((x) => x.trim()) : [];
  const user = clean(sent?.models?.user);
  const ws = clean(sent?.models?.workspace);
  const trusted = sent?.workspaceTrusted === true;
  return { user, workspace: trusted ? ws : [], ignored: trusted ? [] : ws, trusted };
}
