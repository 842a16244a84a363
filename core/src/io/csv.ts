// A small RFC 4180 CSV reader and writer (quoted fields, doubled quotes, CRLF or LF), with line numbers
// for error messages.

import { ImportError } from './errors';

export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Parse CSV text into records. Throws ImportError on an unterminated quoted field. */
export function parseCsv(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        const qline = line;
        i++;
        for (;;) {
          if (i >= n) throw new ImportError('unterminated quoted field', qline);
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw new ImportError('unexpected text after a closing quote', line);
        }
      } else {
        const s = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        field = text.slice(s, i);
      }
      fields.push(field);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (!(fields.length === 1 && fields[0] === '')) out.push({ fields, line: startLine });
  }
  return out;
}

function quote(f: string): string {
  return /[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
}

/** Write records as CSV lines ending in `\n`. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quote).join(',') + '\n').join('');
}
