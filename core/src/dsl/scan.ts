// Character-level scanning shared by the parser and its lazy grids: what separates tokens, and where tokens end.

/** Space, tab, vertical tab, form feed, no-break space and the byte order mark separate tokens. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || c === 11 || c === 0xfeff || c === 0xa0;
}

/** The first non-space position in text[i, last), or last. */
export function skipSpaces(text: string, i: number, last: number): number {
  while (i < last && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The end of a token from i on (a position inside it): the first space at or after i, or last. */
export function tokenEnd(text: string, i: number, last: number): number {
  while (i < last && !isSpace(text.charCodeAt(i))) i++;
  return i;
}
