// The text of a failed contract check, as dbt's ContractError words it: the mismatches of the
// model's query (its "definition") and its YAML contract, one row each, sorted by column name.

/** One side's column as the contract check compares it. */
export interface ContractColumn {
  name: string;
  data_type: string;
}

/**
 * dbt's message for a contract that failed: the columns of both sides that differ in type or
 * exist on one side only, in a table sorted by column name (dbt sorts the rows it collects: type
 * mismatches and columns missing in the contract in query order, then those missing in the query).
 */
export function contractErrorMessage(yamlColumns: readonly ContractColumn[], sqlColumns: readonly ContractColumn[]): string {
  if (yamlColumns.length === 0) return "This model has an enforced contract, and its 'columns' specification is missing";
  const rows: string[][] = [];
  const sqlNames = new Set<string>();
  for (const sql of sqlColumns) {
    sqlNames.add(sql.name);
    const yaml = yamlColumns.find((c) => c.name === sql.name);
    if (!yaml) rows.push([sql.name, sql.data_type, '', 'missing in contract']);
    else if (yaml.data_type !== sql.data_type) rows.push([sql.name, sql.data_type, yaml.data_type, 'data type mismatch']);
  }
  for (const yaml of yamlColumns) if (!sqlNames.has(yaml.name)) rows.push([yaml.name, '', yaml.data_type, 'missing in definition']);
  // Python's sorted(): stable, by code point.
  rows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return [
    'This model has an enforced contract that failed.',
    "Please ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.",
    '',
    ...textTable(['column_name', 'definition_type', 'contract_type', 'mismatch_reason'], rows),
    // agate ends each row it prints with a newline, the last one too
    '',
  ].join('\n');
}

/** agate's print_table for text columns (cells cut at 50 characters with `...`). */
function textTable(header: string[], rows: string[][]): string[] {
  const cut = (cell: string) => (cell.length > 50 ? `${cell.slice(0, 47)}...` : cell);
  const cells = rows.map((r) => r.map(cut));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
}
