// A failing unit test's message as dbt writes it: the actual and expected rows, typed as dbt's agate
// table types them and sorted, diffed with daff and rendered as daff's terminal table.
import type { QueryResult } from '../adapters/adapter.js';
import { withPythonValues } from '../project/context/agate-cells.js';
import { pyEq, pyLt } from '../templating/index.js';
import { daffDiff } from './daff-python-table.js';

/** The column dbt's unit test query adds to tell actual rows from expected ones. */
export const ACTUAL_OR_EXPECTED = 'actual_or_expected';

/** A failing unit test's difference, as run_results.json records it and as a terminal with colours shows it. */
export interface UnitTestDifference {
  message: string;
  colored: string;
}

// dbt strips daff's colours with this pattern when colours are off.
const ANSI_ESCAPE = /\x1B(?:[@-Z\\-_]|\[[0-?]*[ -/]*[@-~])/g;
// dbt's green() and red(): colorama's codes.
const GREEN = '\u001b[32m';
const RED = '\u001b[31m';
const RESET = '\u001b[0m';

/**
 * Compares the rows of dbt's unit test query (the tested columns, then `actual_or_expected`)
 * as dbt does: undefined when daff finds no difference, else dbt's message
 * (`actual differs from expected:` over daff's table).
 */
export function unitTestDifference(result: QueryResult): UnitTestDifference | undefined {
  const flag = result.columns.findIndex((c) => c.name.toLowerCase() === ACTUAL_OR_EXPECTED);
  // dbt lower-cases the column names, as some warehouses answer in upper case.
  const header = result.columns.filter((_, i) => i !== flag).map((c) => c.name.toLowerCase());
  const rows = withPythonValues(result).map((row) => row.map((v) => v ?? null));
  const side = (which: string): unknown[][] => rows.filter((row) => row[flag] === which).map((row) => row.filter((_, i) => i !== flag));
  const diff = daffDiff([header, ...sortedRows(side('expected'))], [header, ...sortedRows(side('actual'))]);
  if (!diff.hasDifference) return undefined;
  return {
    message: `\n\nactual differs from expected:\n\n${diff.rendered.replace(ANSI_ESCAPE, '')}\n`,
    colored: `\n\n${GREEN}actual${RESET} differs from ${RED}expected${RESET}:\n\n${diff.rendered}\n`,
  };
}

// dbt sorts both sides before diffing, so row order never counts: column by column, None after
// every value (its key is `[(value is None, value) for value in row]`).
function sortedRows(rows: unknown[][]): unknown[][] {
  return [...rows].sort((a, b) => {
    for (let i = 0; i < a.length; i++) {
      const x = a[i] ?? null;
      const y = b[i] ?? null;
      if ((x === null) !== (y === null)) return x === null ? 1 : -1;
      if (x === null || pyEq(x, y)) continue;
      return pyLt(x, y) ? -1 : 1;
    }
    return 0;
  });
}
