// Puts ephemeral models into a query as CTEs the way dbt does: after an existing leading
// WITH (so `with a as (...)` becomes `with  __dbt__cte__x as (...), a as (...)`), or as a new
// WITH before the first token.
import { skipSpaceAndComments } from '../../core/sql-quotes.js';

/** One CTE dbt prepends: `id` is the ephemeral model's unique_id. */
export interface InjectedCte {
  id: string;
  sql: string;
}

/** The CTE text dbt builds for an ephemeral model named `identifier` compiled to `sql`. */
export function cteFor(identifier: string, sql: string): string {
  return ` __dbt__cte__${identifier} as (\n${sql}\n)`;
}

/** Index just past whitespace (and SQL comments, if asked) starting at `start`. */
function skipTrivia(sql: string, start: number, skipComments: boolean): number {
  if (skipComments) return skipSpaceAndComments(sql, start);
  let i = start;
  while (i < sql.length && /\s/.test(sql[i]!)) i++;
  return i;
}

function wordAt(sql: string, i: number): string {
  const m = /^[A-Za-z_]+/.exec(sql.slice(i, i + 16));
  return m ? m[0].toLowerCase() : '';
}

/**
 * Injects CTEs into `sql` as dbt 1.10's compiler does (its tokens placed with sqlparse, which
 * skips whitespace): after a leading WITH (or WITH RECURSIVE) and the whitespace that follows
 * it, the CTEs then `, ` before the query's own first CTE; with no WITH, `with`, the CTEs and a
 * space before the query's first token. Returns `sql` unchanged when there are none.
 */
export function injectCtes(sql: string, ctes: readonly string[]): string {
  if (ctes.length === 0) return sql;
  const joined = ctes.join(', ');
  const first = skipTrivia(sql, 0, true);
  if (wordAt(sql, first) === 'with') {
    let end = first + 4;
    const next = skipTrivia(sql, end, true);
    if (wordAt(sql, next) === 'recursive') end = next + 'recursive'.length;
    const own = skipTrivia(sql, end, false);
    return `${sql.slice(0, own)}${joined}, ${sql.slice(own)}`;
  }
  const at = skipTrivia(sql, 0, false);
  return `${sql.slice(0, at)}with${joined} ${sql.slice(at)}`;
}
