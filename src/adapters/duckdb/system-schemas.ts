// DuckDB keeps information_schema in its `system` catalog. Older DuckDB releases also resolved it
// under any database name (`"warehouse".information_schema.tables`), and dbt code written then
// still spells it that way: dbt_utils' get_tables_by_pattern_sql builds
// `{{ database }}.information_schema.tables`, and `relation.information_schema()` renders the
// database first. Current DuckDB answers "schema information_schema does not exist" there, so
// the catalog part is pointed at `system` before the statement runs. The views list every
// attached database either way, which is what the catalog-qualified form returned before.
import { endOfQuoted } from '../../core/sql-quotes.js';

const IDENT_CHAR = /[A-Za-z0-9_$]/;
const QUALIFIED = /^("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\s*\.\s*("?)information_schema\2\s*\./i;

/** Rewrites `<database>.information_schema.` to `system.information_schema.` outside strings and comments. */
export function qualifySystemSchemas(sql: string): string {
  if (!/information_schema/i.test(sql)) return sql;
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    // copy strings, comments and dollar-quoted text unchanged
    if (c === "'" || (c === '"' && !atQualifiedName(sql, i))) {
      const end = endOfQuoted(sql, i, c);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    const skipped = skippedEnd(sql, i, c, next);
    if (skipped !== -1) {
      out += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const prev = i > 0 ? sql[i - 1]! : ' ';
    if ((c === '"' || /[A-Za-z_]/.test(c)) && !IDENT_CHAR.test(prev) && prev !== '.' && prev !== '"') {
      const m = QUALIFIED.exec(sql.slice(i, i + 512));
      if (m && unquote(m[1]!).toLowerCase() !== 'system') {
        out += 'system.information_schema.';
        i += m[0].length;
        continue;
      }
      // copy the whole word, so a name like `my_information_schema` is never matched from its middle
      let j = i + 1;
      if (c === '"') j = endOfQuoted(sql, i, '"');
      else while (j < n && IDENT_CHAR.test(sql[j]!)) j++;
      out += sql.slice(i, j);
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** The end of a line comment, block comment or dollar-quoted text starting at `i`, or -1 when none starts there. */
function skippedEnd(sql: string, i: number, c: string, next: string | undefined): number {
  const close = c === '-' && next === '-' ? '\n' : c === '/' && next === '*' ? '*/' : c === '$' && next === '$' ? '$$' : null;
  if (close === null) return -1;
  const end = sql.indexOf(close, i + 2);
  if (end === -1) return sql.length;
  return close === '\n' ? end : end + close.length;
}

function atQualifiedName(sql: string, i: number): boolean {
  const prev = i > 0 ? sql[i - 1]! : ' ';
  return !IDENT_CHAR.test(prev) && prev !== '.' && QUALIFIED.test(sql.slice(i, i + 512));
}

function unquote(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replaceAll('""', '"') : ident;
}
