// What dbt's own macros of a generic test give, worked out without rendering them: the
// `get_where_subquery(ref(...))` that every generic test's `model` argument is, and the SQL of
// test_unique and test_not_null, the two tests most projects attach to most columns. The
// renderer uses these only when the project leaves those macros dbt's own (GenericTestMacros
// proves it); the text and the choices below are those of the macros under
// include/global_project/macros/generic_test_sql/, which the tests beside this file compare
// against rendering.
import { pyStr, pyTruthy } from '../../templating/index.js';
import { lookupConfig } from './config-member.js';
import type { RenderState } from './render-state.js';

/** `config.get(key)` with no default, as dbt's macros call it: the found value, else None. */
function configGet(st: RenderState, key: string): unknown {
  const found = lookupConfig(st.config as Record<string, unknown>, key);
  return found.found ? found.value : null;
}

/** What dbt's default__get_where_subquery returns for `relation`: the relation, or a subquery when the test has a `where`. */
export function whereSubquery(st: RenderState, relation: unknown): unknown {
  const condition = configGet(st, 'where');
  return pyTruthy(condition) ? `(select * from ${pyStr(relation)} where ${pyStr(condition)}) dbt_subquery` : relation;
}

/** The names of dbt's generic tests that dbtTestSql writes. */
export type DbtTestName = 'unique' | 'not_null';

/**
 * The SQL `{{ test_<name>(**kwargs) }}` renders to with dbt's own macros, or undefined when the
 * arguments are not the usual `model` and string `column_name` (rendering then says what is wrong).
 */
export function dbtTestSql(st: RenderState, name: DbtTestName, kwargs: Record<string, unknown>, flags: Record<string, unknown>): string | undefined {
  let count = 0;
  for (const _ in kwargs) count++;
  const column = kwargs['column_name'];
  if (count !== 2 || typeof column !== 'string' || !Object.hasOwn(kwargs, 'model')) return undefined;
  const model = pyStr(kwargs['model']);
  // The test macro's own lines around its dispatch call, then the SQL of the default__ macro.
  if (name === 'unique') {
    return `${OPENING}

select
    ${column} as unique_field,
    count(*) as n_records

from ${model}
where ${column} is not null
group by ${column}
having count(*) > 1

${CLOSING}`;
  }
  // should_store_failures(): the test's own store_failures, else the command's flag; stored
  // failures keep whole rows.
  const configured = configGet(st, 'store_failures');
  const kept = pyTruthy(configured === null ? flags['STORE_FAILURES'] : configured) ? '*' : column;
  return `${OPENING}



select ${kept}
from ${model}
where ${column} is null

${CLOSING}`;
}

// What the test macro writes around the SQL its dispatch returns: the indented lines of its
// set and call, then the line break before its end.
const OPENING = '\n    \n    ';
const CLOSING = '\n';
