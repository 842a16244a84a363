// Command-line reading shared by the user-facing scripts (package.mjs, demo.mjs).

/**
 * Calls `each(a, value)` for every argument `a` in order. `value()` returns the option's value, written
 * `--name=VALUE` or `--name VALUE` (then it consumes the next argument), and calls `fail` when there is none.
 */
export function eachArg(argv, fail, each) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    each(a, () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) fail(`${a.split('=')[0]} needs a value`);
      return v;
    });
  }
}
