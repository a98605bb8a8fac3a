// The results of {% call statement(name, fetch_result=True) %} blocks, as store_result and
// load_result keep and hand them out within one render.
import { userError } from '../../core/diagnostic.js';
import { tuple } from '../../templating/index.js';
import { Table } from './agate-table.js';
import type { RenderState } from './render-state.js';

/** dbt's store_result: keeps a statement's response and table under a name for load_result. */
export function storeResult(st: RenderState, name: string, response: unknown, table: unknown): string {
  const t = table instanceof Table ? table : new Table({ columns: [], rows: [], rowsChanged: 0 });
  // dbt's as_matrix: a list of each row's values, a tuple per row.
  st.results.set(name, { response, data: t.rows.map((r) => tuple([...r])), table: t });
  return '';
}

/**
 * dbt's load_result: a statement's result can be loaded once (the name is then marked as
 * loaded, and loading it again is an error), except `main`, which materializations re-read;
 * a name no statement stored gives None.
 */
export function loadResult(st: RenderState, name: string): unknown {
  if (!st.results.has(name)) return null;
  const result = st.results.get(name);
  if (name === 'main') return result ?? null;
  // dbt's MacroResultAlreadyLoadedError, word for word.
  if (result === LOADED) throw userError('compiler-error', `The 'statement' result named '${name}' has already been loaded into a variable`);
  st.results.set(name, LOADED);
  return result ?? null;
}

/** What a statement's result becomes once load_result has handed it out. */
const LOADED = Symbol('loaded');
