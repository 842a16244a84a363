#!/usr/bin/env node
// The `grid-reasoner` command: runs the built CLI bundle (dist/cli.js, made by `npm run build`).
// In a clone where the bundle is not built yet, it runs the TypeScript sources through tsx instead.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli.js');
if (existsSync(bundle)) {
  require(bundle);
} else {
  let register;
  try {
    ({ register } = require('tsx/cjs/api'));
  } catch {
    process.stderr.write('grid-reasoner: dist/cli.js is missing; run `npm run build` first\n');
    process.exit(1);
  }
  register();
  require(join(__dirname, '..', 'cli', 'src', 'cli.ts'));
}
