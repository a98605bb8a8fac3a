/**
 * Whether an incremental delta can be written straight from the model's query instead of
 * being staged in a temp table first. Staging materializes every new row once more before
 * the real write, which on DuckDB costs about as much as the write itself; reading the query
 * directly is equivalent whenever each read of it inside the transaction returns the same rows.
 */
import type { SqlRunner } from './sql-runner.js';

/** How the strategy's statements read the delta's query. */
export type QueryReads =
  /** One statement reads it, and nothing was changed before: `append`. */
  | 'once'
  /** One statement reads it after a delete on the target (delete+insert without unique_key). */
  | 'once-after-delete'
  /** Several statements read it (key checks, delete, insert, merge). */
  | 'several';

/**
 * DuckDB's functions whose result may differ between two evaluations in one transaction
 * (`stability = 'VOLATILE'` in duckdb_functions() of the DuckDB version this ships with; a test
 * keeps the list in step). Functions consistent within a transaction (now(), current_date) are
 * safe: DuckDB fixes them at the transaction's start.
 */
export const VOLATILE_FUNCTIONS: readonly string[] = [
  'current_connection_id',
  'current_query',
  'current_query_id',
  'current_transaction_id',
  'currval',
  'error',
  'gen_random_uuid',
  'nextval',
  'random',
  'setseed',
  'sleep_ms',
  'stats',
  'uuid',
  'uuidv4',
  'uuidv7',
  'write_log',
];

const VOLATILE_CALL = new RegExp(`\\b(?:${VOLATILE_FUNCTIONS.join('|')})\\s*\\(`, 'iu');

/** Plan leaves that read nothing outside the query text, so they return the same rows every time. */
const FIXED_LEAVES = new Set(['DUMMY_SCAN', 'EMPTY_RESULT', 'COLUMN_DATA_SCAN', 'CTE_SCAN', 'REC_CTE_SCAN', 'DELIM_SCAN', 'RANGE', 'GENERATE_SERIES']);

interface PlanNode {
  name?: string;
  children?: PlanNode[];
  extra_info?: Record<string, unknown>;
}

/**
 * True when the delta's `query` (a parenthesized SELECT) can be read directly by statements
 * that read it the way `reads` says, with the same result as reading a staged copy:
 * - it must not read the target (`identifier`), which the delete or insert changes;
 * - read several times, it must return the same rows each time: it may read only DuckDB
 *   tables (snapshot-isolated within the transaction) and fixed row sources, and call no
 *   volatile function, neither in its text nor in the views it reads through.
 * Anything not known to hold (another adapter, a file or remote scan, a table macro, a plan
 * that cannot be read) answers false, and the caller stages the rows.
 */
export async function canReadQueryDirectly(runner: SqlRunner, session: string, query: string, identifier: string, reads: QueryReads): Promise<boolean> {
  if (reads === 'once') return true;
  if (runner.adapter.type !== 'duckdb') return false;
  let plan: PlanNode[];
  let planText: string;
  try {
    // Planning only: nothing is read. The same query was just bound (described) on this session.
    const result = await runner.adapter.execute(`explain (format json) select * from ${query}`, { session });
    planText = String(result.rows[0]?.[1] ?? '');
    plan = JSON.parse(planText) as PlanNode[];
  } catch {
    return false;
  }
  const scanned: string[] = [];
  const leavesKnown = plan.every((node) => collectLeaves(node, scanned));
  const target = identifier.toLowerCase();
  const words = wordsOf(query);
  // The plan alone can hide a read of the target: DuckDB answers `(select max(x) from <target>)`
  // from the table's statistics, a constant scan in the plan, yet the insert after the delete
  // would evaluate it again over the changed table. So the query must not name the target either.
  if (words.has(target) || scanned.some((table) => lastName(table) === target)) return false;
  if (reads === 'once-after-delete') return true;
  if (!leavesKnown) return false;
  if (VOLATILE_CALL.test(query) || VOLATILE_CALL.test(planText)) return false;
  // Tables the query names itself are read as written; any other table is read through a
  // view, whose text must then be free of volatile calls too.
  const hidden = scanned.filter((table) => !words.has(lastName(table)));
  if (hidden.length === 0) return true;
  return viewsAreStable(runner, session, words, hidden);
}

/** Walks the plan: records scanned tables, and answers false on a leaf of unknown kind (file, remote or function scans). */
function collectLeaves(node: PlanNode, scanned: string[]): boolean {
  const children = node.children ?? [];
  let known = true;
  if (children.length === 0) {
    const table = node.extra_info?.['Table'];
    if (node.name === 'SEQ_SCAN' && typeof table === 'string') scanned.push(table);
    else if (!FIXED_LEAVES.has(node.name ?? '')) known = false;
  }
  for (const child of children) known = collectLeaves(child, scanned) && known;
  return known;
}

/** Follows the views the query's words name, transitively; false when any holds a volatile call or a hidden table stays unexplained. */
async function viewsAreStable(runner: SqlRunner, session: string, words: Set<string>, hidden: string[]): Promise<boolean> {
  let views: { name: string; sql: string }[];
  try {
    const result = await runner.adapter.execute('select view_name, sql from duckdb_views() where not internal', { session });
    views = result.rows.map(([name, sql]) => ({ name: String(name).toLowerCase(), sql: String(sql ?? '') }));
  } catch {
    return false;
  }
  const seen = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const view of views) {
      if (seen.has(view.name) || !words.has(view.name)) continue;
      seen.add(view.name);
      grew = true;
      if (VOLATILE_CALL.test(view.sql)) return false;
      for (const word of wordsOf(view.sql)) words.add(word);
    }
  }
  // A table still not named anywhere came through something else (a table macro): unknown.
  return hidden.every((table) => words.has(lastName(table)));
}

/** The relation name of a plan's `Table` (`db.schema.name`, parts possibly quoted), lower-cased. */
function lastName(table: string): string {
  const parts = table.match(/"(?:[^"]|"")*"|[^.]+/gu) ?? [table];
  const last = parts[parts.length - 1] ?? table;
  return (last.startsWith('"') ? last.slice(1, -1).replaceAll('""', '"') : last).toLowerCase();
}

/** Every identifier-like word of a SQL text (quoted or not), lower-cased. */
function wordsOf(sql: string): Set<string> {
  const words = new Set<string>();
  for (const match of sql.matchAll(/"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/gu)) {
    words.add((match[1] !== undefined ? match[1].replaceAll('""', '"') : (match[2] ?? '')).toLowerCase());
  }
  return words;
}
