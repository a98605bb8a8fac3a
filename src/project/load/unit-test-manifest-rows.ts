// The rows manifest.json shows for a unit test fixture. dbt normalises csv fixtures while
// parsing: inline csv text and csv fixture files become lists of column -> text maps (an empty
// cell None), and a sql fixture file's text becomes the rows, so the written definition carries
// them in place of what the YAML said.
import { csvFixtureRows } from '../../run/unit-test-csv.js';

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
