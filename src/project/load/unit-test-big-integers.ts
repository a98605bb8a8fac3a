// Integers past 2^53 in unit test rows. YAML gives JavaScript numbers, which round such
// integers (9007199254740993 reads as ...992), where dbt's Python keeps them exact. Hash keys and
// snowflake ids are that large, so a dict row holding one is read again from the file's text with
// exact integers, and the value is kept as its decimal text, which the fixture casts exactly.
import { parseDocument } from 'yaml';
import { isRecord } from './yaml-file.js';

/** A fixture as the loader keeps it: dict rows are a list of column -> value mappings. */
interface RowsHolder {
  rows?: unknown;
}

/**
 * Replaces, in the dict rows of the unit test `testName` of the YAML `text`, each integer too
 * large for a JavaScript number with its exact decimal text. Rows without such integers are left
 * as they are (and the file is not read again).
 */
export function keepBigIntegersExact(text: string, testName: string, given: readonly RowsHolder[], expect: RowsHolder): void {
  if (!given.some((g) => hasUnsafeInteger(g.rows)) && !hasUnsafeInteger(expect.rows)) return;
  const exact = parseDocument(text, { version: '1.1', intAsBigInt: true, uniqueKeys: false }).toJS() as unknown;
  const tests = isRecord(exact) && Array.isArray(exact['unit_tests']) ? exact['unit_tests'] : [];
  const test = tests.find((t): t is Record<string, unknown> => isRecord(t) && t['name'] === testName);
  if (!test) return;
  const exactGiven = Array.isArray(test['given']) ? test['given'] : [];
  given.forEach((g, i) => restore(g.rows, isRecord(exactGiven[i]) ? exactGiven[i]['rows'] : undefined));
  restore(expect.rows, isRecord(test['expect']) ? test['expect']['rows'] : undefined);
}

function hasUnsafeInteger(rows: unknown): boolean {
  return Array.isArray(rows) && rows.some((row) => isRecord(row) && Object.values(row).some(isUnsafeInteger));
}

function isUnsafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value);
}

// Copies the exact text of the integers `rows` rounded from the same rows read with big integers.
function restore(rows: unknown, exactRows: unknown): void {
  if (!Array.isArray(rows) || !Array.isArray(exactRows)) return;
  rows.forEach((row, i) => {
    const exactRow: unknown = exactRows[i];
    if (!isRecord(row) || !isRecord(exactRow)) return;
    for (const [column, value] of Object.entries(row)) {
      const exactValue = exactRow[column];
      if (isUnsafeInteger(value) && typeof exactValue === 'bigint') row[column] = exactValue.toString();
    }
  });
}
