// Document text inside the markdown the server builds (hovers): a puzzle name or a cell written by whoever wrote
// the file must show as that text, never as markup (a backtick closing a code span would let the rest of a name
// add links, `command:` links included, to a hover).

/** Text as literal markdown: every character CommonMark could read as markup is backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:"'=^$]/g, '\\$&').replace(/\r\n|\r|\n/g, ' ');
}

/** Text as a code span: fenced by more backticks than the longest run inside it (CommonMark), one line. */
export function codeSpan(text: string): string {
  const oneLine = text.replace(/\r\n|\r|\n/g, ' ');
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad =
    oneLine.startsWith('`') || oneLine.endsWith('`') || (oneLine.startsWith(' ') && oneLine.endsWith(' ') && oneLine.trim() !== '')
      ? ' '
      : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}
