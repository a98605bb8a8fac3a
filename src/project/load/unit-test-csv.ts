// CSV unit test fixtures read as dbt reads them: Python's csv.DictReader with the default
// (excel) dialect, then every empty cell becomes NULL. Nothing else is special: cells keep their
// spaces, `null` and `NULL` stay text, and quoted cells may hold commas, quotes and line breaks.
// Read here rather than by DuckDB's CSV reader, which sniffs types, nulls and headers its own way:
// the cells must come out exactly as Python's csv module gives them to dbt.

/** The records of CSV text, each a list of cells, as Python's csv.reader yields them (blank lines give []). */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  // 'start': before a record; 'field': at a cell's start; 'plain': in an unquoted cell;
  // 'quoted': inside quotes; 'quote': just after a quote inside quotes.
  let state: 'start' | 'field' | 'plain' | 'quoted' | 'quote' = 'start';
  const endCell = (): void => {
    record.push(cell);
    cell = '';
  };
  let i = 0;
  const endRecord = (): void => {
    records.push(record);
    record = [];
    state = 'start';
    // "\r\n" ends one record, not two.
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    const lineBreak = ch === '\n' || ch === '\r';
    if (state === 'start') {
      if (lineBreak) {
        endRecord();
        continue;
      }
      state = 'field';
    }
    switch (state) {
      case 'field':
        if (lineBreak) {
          endCell();
          endRecord();
        } else if (ch === '"') state = 'quoted';
        else if (ch === ',') endCell();
        else {
          cell += ch;
          state = 'plain';
        }
        break;
      case 'plain':
        if (lineBreak) {
          endCell();
          endRecord();
        } else if (ch === ',') {
          endCell();
          state = 'field';
        } else cell += ch;
        break;
      case 'quoted':
        if (ch === '"') state = 'quote';
        else cell += ch;
        break;
      case 'quote':
        if (ch === '"') {
          cell += '"';
          state = 'quoted';
        } else if (ch === ',') {
          endCell();
          state = 'field';
        } else if (lineBreak) {
          endCell();
          endRecord();
        } else {
          // Python's non-strict reader keeps text after a closing quote as part of the cell.
          cell += ch;
          state = 'plain';
        }
        break;
    }
  }
  if (state !== 'start') {
    endCell();
    records.push(record);
  }
  return records;
}

/**
 * A csv fixture's rows as column -> cell maps, as dbt builds them: the first record names the
 * columns, blank lines are skipped, an empty cell (quoted or not) and a missing cell are NULL,
 * every other cell is its text as written. Cells beyond the header go under the key `None`, as
 * DictReader files them, so that the column check names them as dbt does.
 */
export function csvFixtureRows(text: string): Record<string, string | null>[] {
  const records = csvRecords(text);
  const header = records[0] ?? [];
  const rows: Record<string, string | null>[] = [];
  for (const record of records.slice(1)) {
    if (record.length === 0) continue;
    const row: Record<string, string | null> = {};
    header.forEach((name, i) => {
      const cell = record[i];
      row[name] = cell === undefined || cell === '' ? null : cell;
    });
    if (record.length > header.length) row['None'] = record.slice(header.length).join(',');
    rows.push(row);
  }
  return rows;
}
