import { join } from 'node:path';
import type { ColumnInfo, RelationRef } from '../adapters/adapter.js';
import { userError } from '../core/diagnostic.js';
import type { CompiledNode } from '../project/types.js';
import { buildRelation } from './build-relation.js';
import { shouldFullRefresh } from './incremental-config.js';
import { targetRelation } from './relations.js';
import { diagnoseCsv, hasNoHeader, raggedRow, type CsvProblem } from './csv-diagnosis.js';
import { agateColumnNames, countBlankRows, fractionCountsSql, nonBooleanCountsSql, nonDatetimeCountsSql, nonNullCountsSql, paddedNumberCountsSql } from './seed-agate.js';
import type { Materialization } from './materialization.js';
import { WarehouseError, type SqlRunner } from './sql-runner.js';

/**
 * Strings agate reads as null when it types a seed's columns: an empty field and the text `null`.
 * They are the values' nulls too with `fast: false`, when dbt-duckdb inserts agate's values.
 */
const NULL_STRINGS = ['', 'null', 'NULL', 'Null'];

/**
 * The types the CSV sniffer may choose: DuckDB's defaults plus INTEGER, so whole numbers become
 * INTEGER as in dbt (agate's integer is the adapter's `integer`); values beyond its range stay BIGINT.
 * Less TIME: agate has no time-of-day type, so dbt loads a column of `08:15:00` values as text.
 */
const TYPE_CANDIDATES = ['NULL', 'BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP', 'TIMESTAMPTZ', 'VARCHAR'];

/**
 * dbt's `seed` materialization as dbt-duckdb runs it: agate types the columns, then DuckDB's CSV
 * reader copies the file into a table of those types, so the values are DuckDB's reading.
 *
 * Type inference follows agate's order (integer, number, date, datetime, boolean, text) through
 * DuckDB's sniffer over the whole file (`sample_size=-1`, as agate reads every row) with dates
 * pinned to `%Y-%m-%d` (agate's only date format). Where dbt's copy fails (`null` or `$5` in a
 * number column, integers too large for INTEGER, which become BIGINT here), the file is read with
 * agate's quote and nulls instead and loads. Corrections bring DuckDB's reading to agate's
 * (seed-agate.ts): numbers written with leading zeros (`02134`), which DuckDB keeps as text, are
 * numbers as in dbt; a column DuckDB types BOOLEAN stays text unless its values are all
 * `true`/`false`, one it types TIMESTAMP (or TIMESTAMPTZ, then loaded as TIMESTAMP) stays text
 * unless every value is in one layout agate reads as a datetime, a column with no values (all
 * empty, or a header-only file) is INTEGER, agate's first choice, not VARCHAR, and one DuckDB types
 * DOUBLE whose values are all whole (`12.00`) is INTEGER. Columns take agate's names.
 * Without --full-refresh dbt truncates the existing table and copies the file into it: the table
 * is built anew under a staging name with the existing columns' names and types, and swapped in;
 * a changed header (where dbt's copy fails) builds the table from the CSV.
 */
export const seedMaterialization: Materialization = {
  name: 'seed',
  async build(ctx, runner) {
    const node = ctx.node;
    const file = node.seed_file ?? join(node.origin.root, node.original_file_path);
    const delimiter = typeof node.config['delimiter'] === 'string' && node.config['delimiter'] !== '' ? node.config['delimiter'] : ',';
    const columnTypes = (node.config['column_types'] ?? {}) as Record<string, unknown>;
    // dbt's base adapter quotes seed columns unless quote_columns is false (only some warehouses,
    // not DuckDB, default it to false), so a header such as `Order Date` loads as written.
    const quoteColumns = node.config['quote_columns'] !== false;
    // dbt-duckdb's default (`fast`) load types the table with agate, then copies the file into it with
    // DuckDB's reader: only an empty field is null (the text `null` stays text) and blank lines between
    // records are skipped. With `fast: false` it inserts agate's values: `null` is null, and each blank
    // line is a row of nulls.
    const fast = node.config['fast'] !== false;
    const dialect = runner.adapter.dialect;

    // Types are read as agate reads the file (its quote, `"`); the values are read as dbt-duckdb's
    // copy into the typed table reads them (the file's dialect left to DuckDB's sniffer: a file
    // quoted with `'` or escaping with `\` loads as DuckDB reads it).
    const csvOptions = `header = true, delim = ${dialect.quoteString(delimiter)}, quote = '"'`;
    const reader = (overrides: string[]) => {
      const types = overrides.length > 0 ? `, types = {${overrides.map((c) => `${dialect.quoteString(c)}: 'VARCHAR'`).join(', ')}}` : '';
      return (
        `read_csv(${dialect.quoteString(file)}, ${csvOptions}, ` +
        `sample_size = -1, dateformat = '%Y-%m-%d', auto_type_candidates = [${TYPE_CANDIDATES.map((t) => dialect.quoteString(t)).join(', ')}], ` +
        `nullstr = [${NULL_STRINGS.map((s) => dialect.quoteString(s)).join(', ')}]${types})`
      );
    };
    const loader = (types: string[]) =>
      `read_csv(${dialect.quoteString(file)}, header = true, delim = ${dialect.quoteString(delimiter)}, ` +
      `types = [${types.map((t) => dialect.quoteString(t)).join(', ')}], nullstr = [${(fast ? [''] : NULL_STRINGS).map((s) => dialect.quoteString(s)).join(', ')}])`;

    const described = await describeCsv(node, runner, file, delimiter, reader([]));
    const header = described.map((c) => c.name);
    if (!quoteColumns) assertBareColumnNames(node, header, delimiter);
    else assertHeaderDelimiter(node, header, delimiter);
    const target = targetRelation(node);
    const existing = await runner.getRelation(target);
    // dbt's seed materialization refuses to replace a view, --full-refresh or not.
    if (existing?.type === 'view') {
      throw userError('compiler-error', `Cannot seed to '${dialect.renderRelation(target)}', it is a view`, { file: node.original_file_path }, 'Drop the view, or give the seed another alias.');
    }
    // Columns take agate's names (the reader's are for reading); column_types go by those names.
    let names = await columnNames(runner, file, csvOptions, header);
    let pinned: Record<string, unknown> = Object.fromEntries(header.map((h, i) => [h, columnTypes[names[i]!]]));
    // Without a full refresh dbt truncates the existing table and copies the file into it, so its
    // columns keep their names and types. A changed header (where dbt's copy fails) builds anew.
    const kept = shouldFullRefresh(node, ctx.fullRefresh) || existing?.type !== 'table' ? undefined : await existingColumns(runner, target, names);
    if (kept) {
      names = kept.map((c) => c.name);
      pinned = Object.fromEntries(header.map((h, i) => [h, kept[i]!.dataType]));
    }
    const targetName = (i: number) => (quoteColumns ? dialect.quoteIdentifier(names[i]!) : names[i]!);
    const overridden = header.filter((name) => typeof pinned[name] === 'string');
    overridden.push(...(await agateTextColumns(runner, described.filter((c) => c.type === 'BOOLEAN' && !overridden.includes(c.name)), reader, nonBooleanCountsSql)));
    overridden.push(...(await agateTextColumns(runner, described.filter((c) => c.type === 'TIMESTAMP' && !overridden.includes(c.name)), reader, nonDatetimeCountsSql)));
    // A datetime with an offset is still agate's datetime, which dbt-duckdb creates as `timestamp`:
    // read such a column as text and cast it, as the load into that column does.
    const zoned = described.filter((c) => c.type === 'TIMESTAMP WITH TIME ZONE' && !overridden.includes(c.name));
    const zonedText = await agateTextColumns(runner, zoned, reader, nonDatetimeCountsSql);
    const retyped: Record<string, string> = {};
    for (const c of zoned) if (!zonedText.includes(c.name)) retyped[c.name] = 'timestamp';
    overridden.push(...zoned.map((c) => c.name));
    // Read as text and cast, so a long whole number keeps every digit.
    const whole = await wholeNumberTypes(runner, described.filter((c) => c.type === 'DOUBLE' && !overridden.includes(c.name)), reader).catch(async (error: unknown) => {
      throw await csvError(node, file, delimiter, error);
    });
    Object.assign(retyped, whole);
    overridden.push(...Object.keys(whole));
    const padded = await paddedNumberTypes(runner, described.filter((c) => c.type === 'VARCHAR' && !overridden.includes(c.name)), reader);
    Object.assign(retyped, padded);
    overridden.push(...Object.keys(padded));
    const blankRows = await countBlankRows(file);
    const types = header.map((name, i) => {
      const type = pinned[name] ?? retyped[name] ?? (overridden.includes(name) ? 'VARCHAR' : described[i]!.type);
      return typeof type === 'string' && type !== 'NULL' ? type : 'VARCHAR';
    });
    // The values as dbt-duckdb's copy reads them: these types given, the dialect sniffed. Where that
    // copy fails (so does dbt's seed), the file is read as agate reads it and cast to these types.
    const copied = `${loader(types)} as csv(${header.map((_, i) => `c${i}`).join(', ')})`;
    const copies = await runner.run(`select ${header.map((_, i) => `count(c${i})`).join(', ')} from ${copied}`).then(
      () => true,
      () => false,
    );
    const select = header.map((name, i) => `${copies ? `c${i}` : `cast(${dialect.quoteIdentifier(name)} as ${types[i]})`} as ${targetName(i)}`).join(',\n  ');
    const from = copies ? copied : reader(overridden);

    let rows = 0;
    const relation = await buildRelation(ctx, runner, {
      type: 'table',
      create: async (staged, session) => {
        try {
          await runner.runMain(`create table ${dialect.renderRelation(staged)} as\nselect\n  ${select}\nfrom ${from}`, session);
          // DuckDB's reader already reads a blank line of a one-column file as a null.
          if (!fast && blankRows > 0 && header.length > 1) {
            const nulls = header.map(() => 'null').join(', ');
            await runner.runMain(`insert into ${dialect.renderRelation(staged)} select ${nulls} from range(${blankRows})`, session);
          }
          const untyped = header.flatMap((name, i) => (described[i]!.type === 'VARCHAR' && typeof (pinned[name] ?? retyped[name]) !== 'string' ? [names[i]!] : []));
          if (untyped.length > 0) {
            const counts = (await runner.run(nonNullCountsSql(untyped, (n) => dialect.quoteIdentifier(n), dialect.renderRelation(staged)), session)).rows[0] ?? [];
            for (const [i, name] of untyped.entries()) {
              if (Number(counts[i] ?? 0) > 0) continue;
              await runner.run(`alter table ${dialect.renderRelation(staged)} alter column ${dialect.quoteIdentifier(name)} set data type integer using null`, session);
            }
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (kept && /Conversion Error/u.test(message)) {
            throw userError(
              'seed-type-changed',
              `Seed file ${node.original_file_path} does not fit its existing table's column types: ${message.split('\n')[0]}`,
              { file: node.original_file_path },
              'Without --full-refresh a seed is loaded into its existing table; run with --full-refresh to rebuild it with the CSV\'s types.',
              error,
            );
          }
          throw await csvError(node, file, delimiter, error);
        }
        const count = await runner.run(`select count(*) from ${dialect.renderRelation(staged)}`, session);
        // dbt reports the rows agate read, blank lines included, whether or not they were loaded.
        rows = Number(count.rows[0]?.[0] ?? 0) + (fast && header.length > 1 ? blankRows : 0);
      },
    });
    const code = shouldFullRefresh(node, ctx.fullRefresh) ? 'CREATE' : 'INSERT';
    return { status: 'success', message: `${code} ${rows}`, code, rowsAffected: rows, relation };
  },
};

/** The columns of the seed's existing table, when they are `names` (in any case). */
async function existingColumns(runner: SqlRunner, target: RelationRef, names: string[]): Promise<ColumnInfo[] | undefined> {
  const columns = await runner.adapter.getColumns(target);
  const same = columns.length === names.length && columns.every((c, i) => c.name.toLowerCase() === names[i]!.toLowerCase());
  return same ? columns : undefined;
}

/**
 * The seed's column names as dbt creates them: agate's names for the header as written. When two
 * of those differ only in case, which DuckDB cannot create (dbt fails there), the reader's names.
 */
async function columnNames(runner: SqlRunner, file: string, csvOptions: string, header: string[]): Promise<string[]> {
  const sql = `select * from read_csv(${runner.adapter.dialect.quoteString(file)}, ${csvOptions.replace('header = true', 'header = false')}, all_varchar = true, nullstr = '') limit 1`;
  const first = (await runner.run(sql)).rows[0];
  if (!first || first.length !== header.length) return header;
  const names = agateColumnNames(first.map((v) => (v === null || v === undefined ? null : String(v))));
  return new Set(names.map((n) => n.toLowerCase())).size === names.length ? names : header;
}

/** Of the columns DuckDB typed one way, those agate would read as text: `countsSql` counts each one's values agate would not take. */
async function agateTextColumns(
  runner: SqlRunner,
  typed: CsvColumn[],
  reader: (text: string[]) => string,
  countsSql: (columns: string[], quoteIdentifier: (name: string) => string, textReader: string) => string,
): Promise<string[]> {
  if (typed.length === 0) return [];
  const names = typed.map((c) => c.name);
  const dialect = runner.adapter.dialect;
  const result = await runner.run(countsSql(names, (n) => dialect.quoteIdentifier(n), reader(names)));
  const counts = result.rows[0] ?? [];
  return names.filter((_, i) => Number(counts[i] ?? 0) > 0);
}

/**
 * Of the columns DuckDB typed DOUBLE, those whose every value is whole (`12.00`, `1e3`), with the
 * type dbt gives them: `integer`, or BIGINT for values beyond its range (as for whole numbers
 * written without a point).
 */
async function wholeNumberTypes(runner: SqlRunner, typed: CsvColumn[], reader: (text: string[]) => string): Promise<Record<string, string>> {
  return numberTypes(runner, typed, reader, fractionCountsSql, 2, ([fractions, largest]) => (fractions! > 0 ? undefined : wholeType(largest!)));
}

/**
 * Of the columns DuckDB typed VARCHAR, those whose every value is a number written with leading
 * zeros (the sniffer's reason to keep it as text), with the type dbt gives them: as above when
 * every value is whole, else `double`.
 */
async function paddedNumberTypes(runner: SqlRunner, typed: CsvColumn[], reader: (text: string[]) => string): Promise<Record<string, string>> {
  return numberTypes(runner, typed, reader, paddedNumberCountsSql, 4, ([text, values, fractions, largest]) =>
    text! > 0 || values === 0 ? undefined : fractions! > 0 ? 'double' : wholeType(largest!),
  );
}

/** Runs a per-column counts query (`width` figures a column) and types each column by `decide`; undefined keeps its type. */
async function numberTypes(
  runner: SqlRunner,
  typed: CsvColumn[],
  reader: (text: string[]) => string,
  countsSql: (columns: string[], quoteIdentifier: (name: string) => string, textReader: string) => string,
  width: number,
  decide: (figures: number[]) => string | undefined,
): Promise<Record<string, string>> {
  if (typed.length === 0) return {};
  const names = typed.map((c) => c.name);
  const dialect = runner.adapter.dialect;
  const row = (await runner.run(countsSql(names, (n) => dialect.quoteIdentifier(n), reader(names)))).rows[0] ?? [];
  const types: Record<string, string> = {};
  names.forEach((name, i) => {
    const type = decide(row.slice(width * i, width * (i + 1)).map((v) => Number(v ?? 0)));
    if (type) types[name] = type;
  });
  return types;
}

/** dbt's integer for whole numbers, BIGINT beyond its range; none past BIGINT's (or no finite value). */
function wholeType(largest: number): string | undefined {
  if (!Number.isFinite(largest)) return undefined;
  if (largest <= 2147483647) return 'integer';
  return largest < 9223372036854775807 ? 'bigint' : undefined;
}

/** A CSV column as the warehouse's sniffer reads it. */
interface CsvColumn {
  name: string;
  type: string;
}

/** The CSV's columns as the warehouse reads them; a file it cannot read becomes a user error. */
async function describeCsv(node: CompiledNode, runner: SqlRunner, file: string, delimiter: string, reader: string): Promise<CsvColumn[]> {
  // DuckDB reads an empty file as one column named column0; agate (so dbt) finds no header and fails.
  if (await hasNoHeader(file)) {
    throw userError('seed-empty', `Seed file ${node.original_file_path} is empty: it has no header row.`, { file: node.original_file_path, line: 1 },
      'Write the column names on the first line (e.g. id,name), or delete the file; the table loaded before is kept.');
  }
  let result;
  try {
    result = await runner.run(`describe select * from ${reader}`);
  } catch (error) {
    throw await csvError(node, file, delimiter, error);
  }
  const nameIndex = Math.max(0, result.columns.findIndex((c) => c.name === 'column_name'));
  const typeIndex = result.columns.findIndex((c) => c.name === 'column_type');
  const names = result.rows.map((r) => ({ name: String(r[nameIndex]), type: typeIndex < 0 ? '' : String(r[typeIndex]) }));
  if (names.length === 0) throw userError('seed-empty', `Seed file ${node.original_file_path} has no header row.`, { file: node.original_file_path });
  const ragged = await raggedRow(file, delimiter, names.length);
  if (ragged) throw malformed(node, delimiter, ragged);
  return names;
}

/** Turns the warehouse's refusal of a CSV into an error naming the file and line, when it is the file's fault. */
async function csvError(node: CompiledNode, file: string, delimiter: string, error: unknown): Promise<Error> {
  const message = error instanceof Error ? error.message : String(error);
  if (/No files found|does not exist|Cannot open file/iu.test(message) && !/Catalog Error/u.test(message)) {
    return userError('seed-not-found', `Seed file ${node.original_file_path} could not be read.`, { file: node.original_file_path }, undefined, error);
  }
  if (!/CSV|sniff/iu.test(message)) return error instanceof Error ? error : new WarehouseError(message);
  const problem = await diagnoseCsv(file, delimiter, message);
  if (!problem) {
    return userError('seed-malformed', `Seed file ${node.original_file_path} is not a valid CSV file: ${message.split('\n')[0]}`, {
      file: node.original_file_path,
    }, undefined, error);
  }
  return malformed(node, delimiter, problem, error);
}

/**
 * A header read as one column whose name holds another common delimiter (`a;b;c` read with `,`)
 * would load as a one-column table; it is almost surely the wrong `delimiter`, so say so.
 */
function assertHeaderDelimiter(node: CompiledNode, header: readonly string[], delimiter: string): void {
  if (header.length !== 1) return;
  const name = header[0]!;
  const other = [',', ';', '\t', '|'].find((d) => d !== delimiter && name.includes(d));
  if (other !== undefined) throw wrongDelimiter(node, name, other, delimiter, name);
}

/**
 * With quote_columns: false, dbt writes each header name into the SQL as it is; a name such as
 * `User Id` (or a whole `a;b;c` header read with the wrong delimiter) is then a syntax error.
 * Said here at the header line, with the fix, instead of as the warehouse's parser error.
 */
function assertBareColumnNames(node: CompiledNode, header: readonly string[], delimiter: string): void {
  const bad = header.find((name) => !/^[\p{L}_][\p{L}\p{N}_$]*$/u.test(name));
  if (bad === undefined) return;
  const other = [';', '\t', '|'].find((d) => d !== delimiter && bad.includes(d));
  if (other !== undefined) throw wrongDelimiter(node, bad, other, delimiter, header.join(delimiter));
  const err = userError(
    'seed-column-name',
    `Seed file ${node.original_file_path} has a column named '${bad}', which is not a plain SQL name.`,
    { file: node.original_file_path, line: 1 },
    'Rename the column in the header, or set quote_columns: true in the seed\'s config to keep the name as written.',
  );
  err.diagnostic.excerpt = header.join(delimiter);
  throw err;
}

/** The error for a header column `name` that holds the delimiter `other`: the seed's delimiter is set wrong. */
function wrongDelimiter(node: CompiledNode, name: string, other: string, delimiter: string, excerpt: string): Error {
  const shown = other === '\t' ? '\\t' : other;
  const err = userError(
    'seed-column-name',
    `Seed file ${node.original_file_path} has one column named '${name}': its header is separated by '${shown}', not '${delimiter}'.`,
    { file: node.original_file_path, line: 1 },
    `Set delimiter: '${shown}' in the seed's config (dbt_project.yml or its properties YAML).`,
  );
  err.diagnostic.excerpt = excerpt;
  return err;
}

/** The error for a CSV record that does not fit the file, at its line. */
function malformed(node: CompiledNode, delimiter: string, problem: CsvProblem, cause?: unknown): Error {
  const err = userError(
    'seed-malformed',
    `Seed file ${node.original_file_path} is malformed at line ${problem.line}: ${problem.message}.`,
    { file: node.original_file_path, line: problem.line },
    problem.hint ?? (delimiter === ',' ? 'Check the row\'s delimiters and quotes; set `delimiter` in the seed config if the file is not comma-separated.' : undefined),
    cause,
  );
  if (problem.excerpt !== undefined) err.diagnostic.excerpt = problem.excerpt;
  return err;
}
