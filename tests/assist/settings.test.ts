// One source for the settings' defaults: package.json `contributes.configuration` says what the code's defaults
// say (core/src/assist/settings.ts), every assistant setting of package.json is read by the code, and the
// version the server reports is package.json's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SOLVER_BUDGET_MS, DEFAULT_TRM_SETTINGS, readTrmSettings, TRM_SETTING_KEYS } from '../../core/src/assist/settings';
import { serverBuilt, startClient } from '../lsp/harness';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  version: string;
  contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
};
const props = pkg.contributes.configuration.properties;

/** Settings the client reads itself (not assistant settings sent to the server). */
const CLIENT_ONLY = ['trace.server', 'arcColors.enabled', 'models', 'diagnostics.solverBudgetMs'];

test("package.json defaults equal the code's defaults", () => {
  for (const [field, key] of Object.entries(TRM_SETTING_KEYS) as [keyof typeof DEFAULT_TRM_SETTINGS, string][]) {
    assert.ok(props[`gridReasoner.${key}`], `package.json has gridReasoner.${key}`);
    assert.deepEqual(props[`gridReasoner.${key}`]!.default, DEFAULT_TRM_SETTINGS[field], `gridReasoner.${key}`);
  }
  assert.equal(props['gridReasoner.diagnostics.solverBudgetMs']!.default, DEFAULT_SOLVER_BUDGET_MS);
  assert.deepEqual(props['gridReasoner.models']!.default, []);
});

test('every setting of package.json is known to the code', () => {
  const known = new Set([...Object.values(TRM_SETTING_KEYS), ...CLIENT_ONLY].map((k) => `gridReasoner.${k}`));
  assert.deepEqual(
    Object.keys(props).filter((k) => !known.has(k)),
    [],
  );
});

test('an empty configuration reads as the defaults', () => {
  assert.deepEqual(
    readTrmSettings((_key, fallback) => fallback),
    DEFAULT_TRM_SETTINGS,
  );
});

test('the server reports the version of package.json', { skip: serverBuilt() ? false : 'dist/server.js is not built' }, async () => {
  const c = await startClient();
  try {
    assert.equal(c.init.serverInfo?.version, pkg.version);
  } finally {
    await c.close();
  }
});
