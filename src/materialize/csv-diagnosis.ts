import { readFile } from 'node:fs/promises';

/** Where a CSV file stops being well-formed. */
export interface CsvProblem {
  line: number;
  message: string;
  excerpt?: string;
  /** What to do, when it is not the usual delimiter-and-quotes advice. */
  hint?: string;
}

/**
 * Finds the first malformed record of a CSV file: a row whose field count differs from the
 * header's, or a quote that is never closed. Used only after the warehouse has refused the
 * file, to point the user at a line when the warehouse's message does not.
 */
export async function diagnoseCsv(path: string, delimiter: string, warehouseMessage: string): Promise<CsvProblem | undefined> {
  // DuckDB's CSV errors say `CSV Error on Line: N`; its `LINE 1:` marks a position in the SQL text, not the file.
  const reported = /CSV Error on Line:\s*(\d+)/u.exec(warehouseMessage);
  if (/not utf-8 encoded|Invalid unicode/iu.test(warehouseMessage)) return notUtf8(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split(/\r?\n/u);
  if (reported?.[1]) {
    const line = Number(reported[1]);
    const original = /Original Line:\s*(.*)/u.exec(warehouseMessage)?.[1];
    const expected = /Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)/u.exec(warehouseMessage);
    const message = expected ? `expected ${expected[1]} columns but found ${expected[2]}` : firstLine(warehouseMessage);
    return { line, message, excerpt: original ?? lines[line - 1] ?? '' };
  }
  return scan(text, lines, delimiter);
}

/** True when a CSV file holds no header row: it is empty, or only blank lines (and a byte-order mark). */
export async function hasNoHeader(path: string): Promise<boolean> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text !== undefined && text.replace(/^\uFEFF/u, '').trim() === '';
}

/**
 * The first malformed record of a CSV file whose header line has a different number of fields
 * than the warehouse's sniffer found. Given rows of uneven length, DuckDB may take a later row
 * for the header and load nothing without an error; agate (dbt) stops at the uneven row.
 */
export async function raggedRow(path: string, delimiter: string, sniffedColumns: number): Promise<CsvProblem | undefined> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).replace(/^\uFEFF/u, '');
  } catch {
    return undefined;
  }
  const lines = text.split(/\r?\n/u);
  if (headerFieldCount(lines[0] ?? '', delimiter) === sniffedColumns) return undefined;
  return scan(text, lines, delimiter);
}

/** Fields of a one-line CSV header: delimiters outside double quotes, plus one. */
function headerFieldCount(line: string, delimiter: string): number {
  let fields = 1;
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') inQuotes = !inQuotes;
    else if (!inQuotes && line.startsWith(delimiter, i)) {
      fields++;
      i += delimiter.length - 1;
    }
  }
  return fields;
}

function scan(text: string, lines: string[], delimiter: string): CsvProblem | undefined {
  let line = 1;
  let recordLine = 1;
  let fields = 1;
  let inQuotes = false;
  let quoteLine = 1;
  let expected: number | undefined;
  let fieldStart = true;
  const endRecord = (): CsvProblem | undefined => {
    const blank = fields === 1 && fieldStart && (lines[recordLine - 1] ?? '').trim() === '';
    if (!blank) {
      if (expected === undefined) expected = fields;
      else if (fields !== expected)
        return { line: recordLine, message: `expected ${expected} columns but found ${fields}`, excerpt: lines[recordLine - 1] ?? '' };
    }
    fields = 1;
    fieldStart = true;
    recordLine = line;
    return undefined;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      } else if (ch === '\n') line++;
      continue;
    }
    if (ch === '"' && fieldStart) {
      inQuotes = true;
      quoteLine = line;
      fieldStart = false;
    } else if (text.startsWith(delimiter, i)) {
      fields++;
      fieldStart = true;
      i += delimiter.length - 1;
    } else if (ch === '\n') {
      line++;
      const problem = endRecord();
      if (problem) return problem;
    } else if (ch !== '\r') {
      fieldStart = false;
    }
  }
  if (inQuotes) return { line: quoteLine, message: 'a quoted field is never closed', excerpt: lines[quoteLine - 1] ?? '' };
  return endRecord();
}

/** The first line of a file holding bytes that are not UTF-8 (DuckDB's own line number is that of its buffer). */
async function notUtf8(path: string): Promise<CsvProblem | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return undefined;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const slice = bytes.subarray(start, end < 0 ? bytes.length : end);
    try {
      decoder.decode(slice);
    } catch {
      return {
        line,
        message: 'it is not UTF-8 text (dbt reads seed files as UTF-8)',
        excerpt: slice.toString('latin1').replace(/\r$/u, ''),
        hint: 'Save the file with UTF-8 encoding (for example `iconv -f windows-1252 -t utf-8`).',
      };
    }
    if (end < 0) break;
    start = end + 1;
  }
  return undefined;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}
