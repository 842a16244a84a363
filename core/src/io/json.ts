// JSON text in the layout of the ARC data files (Python's json.dumps defaults: `, ` and `: `, one line).

export function dumpJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(dumpJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(k)}: ${dumpJson(v)}`);
    }
    return `{${parts.join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
