// The rows manifest.json shows for a unit test fixture. dbt normalises fixtures while parsing:
// inline csv text and csv fixture files become lists of column -> text maps (an empty cell None),
// a sql fixture file's text becomes the rows, and an input that names a seed and gives no rows
// takes the seed file's rows, so the written definition carries them in place of the YAML's.
import { readFileSync } from 'node:fs';
import { csvFixtureRows, csvRecords } from './unit-test-csv.js';

/** One given input's or the expect block's fixture as the YAML declares it. */
interface DeclaredFixture {
  rows?: unknown;
  format?: 'dict' | 'csv' | 'sql';
  fixture?: string | null;
}

/** The rows dbt's parsed definition holds for a fixture; undefined when they are the YAML's own. */
export function manifestFixtureRows(spec: DeclaredFixture, readFixtureFile: (name: string, ext: string) => string | undefined): unknown {
  if (spec.format === 'csv') {
    const text = spec.fixture ? readFixtureFile(spec.fixture, 'csv')?.trim() : spec.rows;
    return typeof text === 'string' ? csvFixtureRows(text) : undefined;
  }
  if (spec.format === 'sql' && spec.fixture) return readFixtureFile(spec.fixture, 'sql')?.trim();
  return undefined;
}

/** A seed CSV's rows as dbt reads them into a unit test input: every cell its text, empty ones '' too. */
export function seedManifestRows(file: string): Record<string, string | null>[] {
  const [header = [], ...records] = csvRecords(readFileSync(file, 'utf8'));
  return records.filter((r) => r.length > 0).map((record) => Object.fromEntries(header.map((name, i) => [name, record[i] ?? null])));
}
