// The extension's own page, as a user sees it in the Extensions view: the packaged .vsix carries the user README
// (docs/extension-README.md, not the repository's), the icon, the changelog and the screenshots the README shows;
// the README's settings table and model numbers match package.json and the model cards' summary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listZip } from '../e2e/zip';
import { defined } from '../defined';

const root = join(__dirname, '..', '..');
const userReadme = readFileSync(join(root, 'docs', 'extension-README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  icon?: string;
  categories?: string[];
  keywords?: string[];
  contributes: { configuration: { properties: Record<string, { default: unknown }> } };
};

describe('the packaged extension page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grid-reasoner-page-'));
  const vsix = join(dir, 'page.vsix');
  let names: string[] = [];
  before(() => {
    const r = spawnSync(process.execPath, ['scripts/package.mjs', '--target', 'web', '--out', vsix, '--quiet'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    names = listZip(vsix).map((e) => e.name);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ships the user README (not the repository README), the icon and the changelog', () => {
    const staged = readFileSync(join(root, 'out', 'package', 'web', 'README.md'), 'utf8');
    assert.equal(staged, userReadme);
    assert.doesNotMatch(staged, /npm install|npm test/, 'the README a user sees is about using the extension');
    assert.ok(
      names.some((n) => /^extension\/readme\.md$/i.test(n)),
      names.join('\n'),
    );
    assert.ok(
      names.some((n) => /^extension\/changelog\.md$/i.test(n)),
      `no CHANGELOG.md in the .vsix: ${names.filter((n) => !n.includes('/dist/')).join(' ')}`,
    );
    assert.equal(pkg.icon, 'media/icon.png');
    assert.ok(names.includes('extension/media/icon.png'), 'no icon in the .vsix');
    const png = readFileSync(join(root, 'media', 'icon.png'));
    assert.equal(png.readUInt32BE(16), 256, 'icon width');
    assert.equal(png.readUInt32BE(20), 256, 'icon height');
  });

  it('every image the README shows is in the .vsix', () => {
    const images = [...userReadme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => defined(m[1], 'an image path'));
    assert.ok(images.length >= 3, 'the README shows screenshots');
    for (const img of images) {
      assert.ok(!/^https?:/.test(img), `${img}: images are packaged, not fetched`);
      assert.ok(names.includes(`extension/${img}`), `${img} is not in the .vsix`);
    }
  });

  it('categories and keywords say what it is', () => {
    assert.ok(pkg.categories?.includes('Programming Languages'));
    for (const k of ['sudoku', 'maze', 'arc']) assert.ok(pkg.keywords?.includes(k), k);
  });

  it('the README lists every setting with the default package.json declares', () => {
    for (const [key, spec] of Object.entries(pkg.contributes.configuration.properties)) {
      if (key === 'gridReasoner.trace.server') continue; // a developer setting
      const row = userReadme.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
      assert.ok(row, `${key} is not in the README's settings table`);
      assert.equal(row.split('|')[2]?.trim(), `\`${JSON.stringify(spec.default)}\``.replace(/^`"(.*)"`$/, '`$1`'), key);
    }
  });

  it("the README's model numbers are the model cards' (models/README.md)", () => {
    const rows = (text: string) =>
      new Map(
        text
          .split('\n')
          .filter((l) => l.startsWith('| `'))
          .map((l) => {
            const cells = l.split('|').map((c) => c.trim());
            return [defined(cells[1], 'a model name'), cells[4]] as const;
          }),
      );
    const cards = rows(readFileSync(join(root, 'models', 'README.md'), 'utf8'));
    const shown = rows(userReadme);
    assert.ok(cards.size >= 5);
    for (const [model, exact] of cards)
      assert.equal(shown.get(model), exact, `${model}: README says ${shown.get(model)}, models/README.md says ${exact}`);
    for (const m of shown.keys())
      assert.ok(
        cards.has(m) || (!m.startsWith('`sudoku') && !m.startsWith('`maze') && !m.startsWith('`arc')),
        `${m} is not a bundled model`,
      );
  });
});
