// Draws the extension's icon, media/icon.png (256x256), from the SVG below with Debian's headless Chromium
// (playwright-core, never a downloaded browser): `node scripts/draw-icon.mjs`. The icon is a 4x4 grid in the
// ARC palette whose cells step from unsure to sure, with a loop arrow for the model's recursion.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const CHROMIUM = process.env.GRID_REASONER_CHROMIUM ?? '/usr/bin/chromium';
const SIZE = 256;

// ARC colours (core/src/rules/arc.ts ARC_COLOUR_HEX): blue, red, green, yellow, magenta, orange, light blue, maroon.
const C = { b: '#0074D9', r: '#FF4136', g: '#2ECC40', y: '#FFDC00', m: '#F012BE', o: '#FF851B', l: '#7FDBFF', k: '#111318' };
const GRID = ['bkky', 'rbkg', 'kgbl', 'oklb'];

function svg() {
  const pad = 28;
  const gap = 8;
  const cell = (SIZE - 2 * pad - 3 * gap) / 4;
  const cells = GRID.flatMap((row, r) =>
    [...row].map(
      (k, c) =>
        `<rect x="${pad + c * (cell + gap)}" y="${pad + r * (cell + gap)}" width="${cell}" height="${cell}" rx="6" fill="${C[k]}"/>`,
    ),
  );
  // A clockwise loop arrow over the lower right: the answer is refined step by step.
  const cx = SIZE - 74;
  const cy = SIZE - 74;
  const loop = `
    <circle cx="${cx}" cy="${cy}" r="50" fill="#1b1d24" stroke="#ffffff" stroke-width="6"/>
    <path d="M ${cx} ${cy - 26} A 26 26 0 1 1 ${cx - 26} ${cy}" fill="none" stroke="#ffffff" stroke-width="9" stroke-linecap="round"/>
    <path d="M ${cx - 40} ${cy + 2} L ${cx - 26} ${cy - 14} L ${cx - 12} ${cy + 2}" fill="none" stroke="#ffffff" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
    <rect width="${SIZE}" height="${SIZE}" rx="40" fill="#23262f"/>
    ${cells.join('\n    ')}
    ${loop}
  </svg>`;
}

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg()}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  const out = join(root, 'media', 'icon.png');
  writeFileSync(out, png);
  console.log(`draw-icon: ${out} (${png.length} bytes)`);
} finally {
  await browser.close();
}
