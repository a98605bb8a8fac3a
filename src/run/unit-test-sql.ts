// The text of a unit test's SQL: the recorded, self-contained form (fixtures as CTEs) and the
// form whose relation names tell what the test reads. Ephemeral inputs' own definitions are set
// aside under `__rh_unit_unused_<n>` by the runner; these helpers drop or empty them.
import { endOfQuoted, skipSpaceAndComments } from '../core/sql-quotes.js';
import { cteFor, injectCtes } from '../project/context/index.js';

/** One input's fixture: the temp table the run reads and the CTE the recorded SQL reads instead. */
export interface InputFixture {
  table: string;
  cte: string;
  name: string;
  sql: string;
}

/**
 * The run's SQL with each fixture's temp table read from a CTE of the fixture's rows instead,
 * and without the set-aside definitions of ephemeral inputs (dbt's compiled code has none).
 */
export function selfContainedSql(sql: string, fixtures: readonly InputFixture[], inputs: number): string {
  if (fixtures.length === 0) return sql;
  let out = sql;
  for (let i = 1; i <= inputs; i++) out = dropCte(out, `__rh_unit_unused_${i}`);
  // Longest names first, so that __rh_unit_input_1 does not eat the start of __rh_unit_input_10.
  for (const f of [...fixtures].sort((a, b) => b.table.length - a.table.length)) out = out.split(f.table).join(f.cte);
  const seen = new Set<string>();
  const ctes = fixtures.filter((f) => !seen.has(f.cte) && seen.add(f.cte)).map((f) => cteFor(f.cte.slice('__dbt__cte__'.length), f.sql));
  return injectCtes(out, ctes);
}

/**
 * `sql` with the bodies of the set-aside definitions of ephemeral inputs emptied, and those of
 * the ephemeral CTEs only they read (nested ephemerals): the relations the test's query reads.
 */
export function withoutUnusedCtes(sql: string, inputs: number): string {
  let out = sql;
  const emptied = new Set<string>();
  for (let i = 1; i <= inputs; i++) {
    out = emptyCte(out, `__rh_unit_unused_${i}`);
    emptied.add(`__rh_unit_unused_${i}`);
  }
  for (let changed = inputs > 0; changed; ) {
    changed = false;
    for (const m of out.matchAll(/\b(__dbt__cte__\w+)\s+as\s*\(/gi)) {
      const name = m[1]!;
      if (emptied.has(name) || out.split(name).length - 1 > 1) continue;
      out = emptyCte(out, name);
      emptied.add(name);
      changed = true;
      break;
    }
  }
  return out;
}

// `sql` with the body of the CTE `name` emptied (`name as ()`), when it is there.
function emptyCte(sql: string, name: string): string {
  const m = new RegExp(`\\b${name}\\s+as\\s*\\(`, 'i').exec(sql);
  if (!m) return sql;
  const open = m.index + m[0].length - 1;
  const close = closingParen(sql, open);
  return close === undefined ? sql : sql.slice(0, open + 1) + sql.slice(close);
}

// The index of the parenthesis closing the one at `open`, skipping quoted text and comments.
function closingParen(sql: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') i = endOfQuoted(sql, i, ch) - 1;
    else if (sql.startsWith('--', i) || sql.startsWith('/*', i)) i = skipSpaceAndComments(sql, i) - 1;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return undefined;
}

// `sql` without the CTE `name` (and the comma that joined it to its neighbour), when it is there.
function dropCte(sql: string, name: string): string {
  const m = new RegExp(`(,\\s*)?\\b${name}\\s+as\\s*\\(`, 'i').exec(sql);
  if (!m) return sql;
  const i = closingParen(sql, m.index + m[0].length - 1);
  if (i === undefined) return sql;
  // Preceded by a comma: drop from it. First after WITH: drop the comma that follows instead.
  if (m[1]) return sql.slice(0, m.index) + sql.slice(i + 1);
  const after = /^\s*,\s*/.exec(sql.slice(i + 1));
  return after ? sql.slice(0, m.index) + sql.slice(i + 1 + after[0].length) : sql;
}
