// Named parameters (`$start`) in dashboard SQL become positional ones (`$1`), so filter values
// always travel as bound values and never as SQL text.
import { endOfQuoted } from '../../core/sql-quotes.js';

/** A named placeholder found in SQL text. */
export interface NamedParam {
  name: string;
  /** Offset of the `$` in the text. */
  offset: number;
}

/** The SQL with `$1..$n` placeholders and the name bound to each position. */
export interface PositionalSql {
  sql: string;
  params: string[];
  /** Positional placeholders (`$1`, `?`) the author wrote; dashboard SQL must name its parameters. */
  positional: number[];
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

/**
 * Replaces each `$name` outside strings, quoted identifiers and comments by its position.
 * The same name used twice gets the same position.
 */
export function toPositional(sql: string): PositionalSql {
  const params: string[] = [];
  const positional: number[] = [];
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      const end = endOfQuoted(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '$') {
      let j = i + 1;
      if (next !== undefined && IDENT_START.test(next)) {
        while (j < sql.length && IDENT_PART.test(sql[j]!)) j++;
        const name = sql.slice(i + 1, j);
        if (sql[j] === '$') {
          // `$tag$ ... $tag$` is a dollar-quoted string, not a parameter.
          const close = sql.indexOf(`$${name}$`, j + 1);
          const stop = close === -1 ? sql.length : close + name.length + 2;
          out += sql.slice(i, stop);
          i = stop;
          continue;
        }
        let index = params.indexOf(name);
        if (index === -1) index = params.push(name) - 1;
        out += `$${index + 1}`;
        i = j;
      } else if (next === '$') {
        const close = sql.indexOf('$$', i + 2);
        const stop = close === -1 ? sql.length : close + 2;
        out += sql.slice(i, stop);
        i = stop;
      } else {
        while (j < sql.length && /[0-9]/.test(sql[j]!)) j++;
        if (j > i + 1) positional.push(i);
        out += sql.slice(i, j);
        i = j;
      }
    } else if (c === '?') {
      positional.push(i);
      out += c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return { sql: out, params, positional };
}

/** Line (1-based) of an offset inside a text. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}
