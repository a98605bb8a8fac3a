/**
 * Renders rows as the aligned pipe table dbt show prints. `rightAligned` marks columns of
 * numbers given as text (exact DECIMALs), which align right as number columns do.
 */
export function formatTable(columns: string[], rows: unknown[][], rightAligned: readonly boolean[] = []): string {
  const cells = rows.map((row) => row.map((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length), 3));
  const numeric = columns.map((_, i) => rightAligned[i] === true || (rows.length > 0 && rows.every((r) => r[i] === null || typeof r[i] === 'number')));
  const fmt = (values: string[], header = false): string =>
    `| ${values.map((v, i) => (numeric[i] && !header ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [fmt(columns, true), rule, ...cells.map((r) => fmt(r))].join('\n');
}
