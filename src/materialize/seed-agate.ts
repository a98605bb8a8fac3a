// Where DuckDB's CSV reader and agate (the reader dbt loads seeds with) disagree, and how a
// seed load is corrected to agate's answer.
import { readFile } from 'node:fs/promises';

/**
 * The blank lines of a CSV file outside quoted fields, after its header. Python's csv module
 * reads such a line as an empty row and agate pads it to a row of nulls, so dbt loads one
 * all-null row for each; DuckDB's reader skips them.
 */
export async function countBlankRows(file: string): Promise<number> {
  return blankRows(await readFile(file, 'utf8'));
}

/** countBlankRows over a file's text. */
export function blankRows(text: string): number {
  // A blank line needs two line breaks in a row; most files have none, and the native search is quick.
  if (!/\n\r?\n|\r\r/u.test(text)) return 0;
  let quoted = false;
  let lineEmpty = true;
  let line = 0;
  let blanks = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '\n' || ch === '\r')) {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (lineEmpty && line > 0) blanks++;
      line++;
      lineEmpty = true;
      continue;
    }
    lineEmpty = false;
  }
  return blanks;
}

/**
 * dbt's boolean seed type takes only `true` and `false` (any case); DuckDB's sniffer also takes
 * `t`/`f`/`yes`/`no` and the like, which agate reads as text. Given the columns DuckDB typed
 * BOOLEAN, the query that counts, per column, the values agate would not read as a boolean
 * (the CSV read with those columns as text).
 */
export function nonBooleanCountsSql(columns: string[], quoteIdentifier: (name: string) => string, textReader: string): string {
  const counts = columns.map((c, i) => `count(*) filter (where lower(trim(${quoteIdentifier(c)})) not in ('true', 'false')) as c${i}`);
  return `select ${counts.join(', ')} from ${textReader}`;
}

/**
 * agate keeps every type possible for a column with no values (all empty or `null`, or no rows at
 * all) and picks the first in dbt's order, integer; DuckDB's sniffer calls such a column VARCHAR.
 * Given the loaded table and its VARCHAR columns, the query that counts each one's values other
 * than agate's nulls; a column counting 0 becomes INTEGER, as in dbt.
 */
export function nonNullCountsSql(columns: string[], quoteIdentifier: (name: string) => string, relation: string): string {
  return `select ${columns.map((c, i) => `count(*) filter (where lower(trim(${quoteIdentifier(c)})) not in ('', 'null')) as c${i}`).join(', ')} from ${relation}`;
}

/**
 * The two text forms agate reads as a datetime in a dbt seed, each of which must fit a whole column:
 * `%Y-%m-%d %H:%M:%S` (strptime: one- or two-digit fields, any run of whitespace between date and
 * time, a real date and time) and ISO 8601 with a `T` (isodate). DuckDB's sniffer also detects other
 * layouts (`23/01/2023 10:00:00`, fractional seconds after a space, hour 24) and a column mixing the
 * two forms, which agate, and so dbt, keeps as text.
 */
function agateDatetimeForms(value: string): [string, string] {
  const v = `trim(${value})`;
  const strptime =
    `(regexp_full_match(${v}, '\\d{4}-\\d{1,2}-\\d{1,2}\\s+\\d{1,2}:\\d{1,2}:\\d{1,2}') ` +
    `and try_strptime(regexp_replace(${v}, '\\s+', ' ', 'g'), '%Y-%m-%d %H:%M:%S') is not null)`;
  const isoShape = '\\d{4}-?\\d{2}-?\\d{2}T\\d{2}(:?\\d{2}(:?\\d{2}([.,]\\d+)?)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?';
  // Where DuckDB reads the common layout, it also rules out an impossible date or time (`T24:00`).
  const commonIso = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}([.,]\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?';
  const iso = `(regexp_full_match(${v}, '${isoShape}') and (try_cast(${v} as timestamp) is not null or not regexp_full_match(${v}, '${commonIso}')))`;
  return [strptime, iso];
}

/**
 * Given the columns DuckDB typed TIMESTAMP, the query that counts, per column, the values agate
 * would not read as a datetime in the form that fits the column best (the CSV read with those
 * columns as text); a column with any such value is text.
 */
export function nonDatetimeCountsSql(columns: string[], quoteIdentifier: (name: string) => string, textReader: string): string {
  const counts = columns.map((c, i) => {
    const [strptime, iso] = agateDatetimeForms(quoteIdentifier(c));
    const value = quoteIdentifier(c);
    return `least(count(*) filter (where ${value} is not null and not ${strptime}), count(*) filter (where ${value} is not null and not ${iso})) as c${i}`;
  });
  return `select ${counts.join(', ')} from ${textReader}`;
}

// Whether a number's text has a fraction once trailing zeros are dropped (agate's MaxPrecision):
// an exponent moves the point, so such a value is judged by its value.
function fractional(v: string): string {
  return `case when ${v} ilike '%e%' then try_cast(${v} as double) <> trunc(try_cast(${v} as double)) else regexp_matches(${v}, '\\.\\d*[1-9]') end`;
}

/**
 * agate reads `12.00` or `1e3` as a Number and dbt types a Number column by its most decimal
 * places once trailing zeros are dropped (agate's MaxPrecision): none makes it `integer`, where
 * DuckDB's sniffer says DOUBLE. Given the columns DuckDB typed DOUBLE, the query that returns, per
 * column, how many values have a fraction (read as text, so `1.0000000000000001` counts) and the
 * largest magnitude, in pairs.
 */
export function fractionCountsSql(columns: string[], quoteIdentifier: (name: string) => string, textReader: string): string {
  const parts = columns.map((c, i) => {
    const v = `trim(${quoteIdentifier(c)})`;
    return `count(*) filter (where ${fractional(v)}) as f${i}, max(abs(try_cast(${v} as double))) as m${i}`;
  });
  return `select ${parts.join(', ')} from ${textReader}`;
}

/**
 * DuckDB's sniffer keeps numbers written with leading zeros (`02134`, `007`, `01.50`) or digit
 * group underscores (`1_000`, a Python number that DuckDB also reads) as text, and at times a
 * column mixing exponents and signs (`1e3`, `+4`); agate reads them as numbers, so dbt loads them
 * as such. Given the columns DuckDB typed VARCHAR, the query that returns, per column, how many
 * values are not such a number, how many values there are, how many have a fraction, and the
 * largest magnitude, in fours.
 */
export function paddedNumberCountsSql(columns: string[], quoteIdentifier: (name: string) => string, textReader: string): string {
  const parts = columns.map((c, i) => {
    const v = `trim(${quoteIdentifier(c)})`;
    const number = `regexp_full_match(${v}, '[+-]?(\\d+(_\\d+)*(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?')`;
    return (
      `count(*) filter (where ${v} is not null and not ${number}) as t${i}, count(${v}) as n${i}, ` +
      `count(*) filter (where ${fractional(v)}) as f${i}, max(abs(try_cast(${v} as double))) as m${i}`
    );
  });
  return `select ${parts.join(', ')} from ${textReader}`;
}

/**
 * The column names agate gives a CSV header, which dbt creates the seed's table with: an empty
 * name becomes the column's letter (`a`, `b`, ... `aa` past `z`) and a repeated one gets `_2`,
 * `_3`, ... Names are kept as written (DuckDB's reader trims them and numbers repeats from `_1`).
 */
export function agateColumnNames(raw: readonly (string | null)[]): string[] {
  const names: string[] = [];
  raw.forEach((value, i) => {
    const name = value ? value : 'abcdefghijklmnopqrstuvwxyz'[i % 26]!.repeat(Math.floor(i / 26) + 1);
    let unique = name;
    for (let n = 2; names.includes(unique); n++) unique = `${name}_${n}`;
    names.push(unique);
  });
  return names;
}
