// Errors of the importers and exporters: a clear message and, when known, the 1-based line and column
// in the input. Callers (the CLI) print `file:line:col: error: message`.

export class ImportError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** 1-based line and column of a character offset in a text. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: end - last };
}

/** JSON.parse with an ImportError that carries the line and column of a syntax error. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    if (m) {
      const { line, column } = lineColumnAt(text, Number(m[1]));
      throw new ImportError(`${what} is not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`, line, column);
    }
    throw new ImportError(`${what} is not valid JSON: ${msg}`);
  }
}
