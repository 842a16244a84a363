// Printing diagnostics and reading/writing files for the CLI, with clear messages instead of stack traces.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Diagnostic } from '../../core/src/dsl/ast';
import { CliError } from './command';

/** `path:line:col: severity code: message` with 1-based line and column. */
export function formatDiagnostic(path: string, d: Diagnostic): string {
  return `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`;
}

export function out(s: string): void {
  process.stdout.write(s);
}
export function err(s: string): void {
  process.stderr.write(s.endsWith('\n') ? s : s + '\n');
}

function reason(e: unknown): string {
  const x = e as NodeJS.ErrnoException;
  if (x && x.code === 'ENOENT') return 'no such file';
  if (x && x.code === 'EISDIR') return 'is a directory';
  if (x && x.code === 'EACCES') return 'permission denied';
  return x && x.message ? x.message : String(e);
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`${path}: cannot read: ${reason(e)}`);
  }
}

export function writeText(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (e) {
    throw new CliError(`${path}: cannot write: ${reason(e)}`);
  }
}
