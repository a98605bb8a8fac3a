import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import type { SqlDialect } from '../adapters/adapter.js';
import { userError } from '../core/diagnostic.js';
import { buildRelation, runSqlHeader } from './build-relation.js';
import { assertContractColumns, contractEnforced, jinjaWarning } from './contract.js';
import { runHooks } from './hooks.js';
import { shouldFullRefresh, stringList } from './incremental-config.js';
import { commitFiles, commitStaged, leafFolders, recoverLocation, sidecars, withLocationLock } from './external-files.js';
import type { Materialization } from './materialization.js';
import { GLOBAL_PACKAGE } from '../project/context/macro-registry.js';
import { targetRelation, wrappableSql } from './relations.js';
import type { SqlRunner } from './sql-runner.js';
import type { BuildOutcome, MaterializeContext } from './types.js';

/** File formats an external model writes. */
export type ExternalFormat = 'parquet' | 'csv' | 'json';

/** Where and how an external model's files are written. */
export interface ExternalSpec {
  /** Absolute file (unpartitioned) or folder (partitioned). */
  location: string;
  format: ExternalFormat;
  partitionBy: string[];
  /** COPY options besides FORMAT and PARTITION_BY. */
  options: Record<string, unknown>;
  /** `insert_overwrite`: incremental runs rewrite only the partitions they recompute. */
  incremental: boolean;
  /** Reader arguments for the view over the files: `parquet_read_options`, `csv_read_options` or `json_read_options`. */
  readOptions: Record<string, unknown>;
}

const FORMATS: readonly string[] = ['csv', 'parquet', 'json'];

/**
 * Reads dbt-duckdb's external configs: `location` (default `{external_root}/{alias}.{format}`),
 * `format` (from the config, the location's extension, else parquet), `options` (with its
 * `partition_by`) and `delimiter`; plus `incremental_strategy: insert_overwrite` with a
 * top-level `partition_by`.
 */
export function externalSpec(ctx: MaterializeContext): ExternalSpec {
  const node = ctx.node;
  const c = node.config;
  const base = ctx.projectDir ?? process.cwd();
  const options: Record<string, unknown> = {};
  const written = c['options'];
  if (written !== undefined && written !== null && (typeof written !== 'object' || Array.isArray(written))) {
    throw userError('external-options', 'The options argument must be a dictionary', { file: node.original_file_path }, `Write options as a mapping of COPY options, e.g. options={'compression': 'zstd'}.`);
  }
  // dbt-duckdb renders each option value, so one may hold Jinja: `"'{{ this.name }}_{i}'"`.
  for (const [key, value] of Object.entries((c['options'] ?? {}) as Record<string, unknown>)) options[key] = typeof value === 'string' && /\{[{%]/u.test(value) ? ctx.renderHook(value) : value;
  const strategy = c['incremental_strategy'];
  // dbt-duckdb partitions by `options.partition_by` only: a top-level partition_by is no COPY
  // option there and the files are written whole. Reelhouse reads the top-level one for its own
  // insert_overwrite strategy alone.
  const topLevel = strategy === 'insert_overwrite' ? stringList(c['partition_by']) : [];
  const partitionBy = [...topLevel, ...stringList(options['partition_by'])].flatMap((p) => p.split(',').map((s) => s.trim())).filter(Boolean);
  delete options['partition_by'];
  if (typeof c['delimiter'] === 'string') options['delimiter'] = c['delimiter'];
  let format = (typeof c['format'] === 'string' ? c['format'] : typeof options['format'] === 'string' ? options['format'] : '').toLowerCase();
  delete options['format'];
  if (typeof c['format'] === 'string' && c['format'] !== '' && !FORMATS.includes(format)) {
    throw userError('external-format', `Invalid format: ${c['format']}. Allowed formats are: ${FORMATS.join(', ')}`, { file: node.original_file_path });
  }
  const configured = typeof c['location'] === 'string' && c['location'] !== '' ? renderedLocation(ctx, c['location']) : projectLocation(ctx);
  if (!format && configured) format = extname(configured).slice(1).toLowerCase().replace('ndjson', 'json');
  // As dbt-duckdb: a delimiter with no format or extension to go by means CSV.
  if (!format && typeof options['delimiter'] === 'string') format = 'csv';
  if (format !== 'csv' && format !== 'json') format = 'parquet';
  // The profile's external_root only, as dbt-duckdb's default reads adapter.external_root(): a
  // model's external_root config is for a project's own external_location macro to read.
  const root = ctx.externalRoot ?? '.';
  // Joined as text, as dbt-duckdb does: a path join would fold the `//` of an s3:// root.
  const raw = configured ?? `${root.replace(/\/+$/u, '')}/${partitionBy.length > 0 ? node.alias : `${node.alias}.${format}`}`;
  // dbt-duckdb hands the written files to AWS Glue after the build (glue_register); without that
  // step the Glue catalog the project relies on goes stale while the run says OK, so such a
  // model is refused before anything is written.
  const glue = c['glue_register'];
  if (glue === true || (typeof glue === 'string' && /^true$/iu.test(glue))) {
    throw userError(
      'external-python-only',
      `External model ${node.name} sets glue_register: dbt-duckdb registers its files in the AWS Glue catalog through Python (boto3), which Reelhouse cannot do.`,
      { file: node.original_file_path },
      `Remove glue_register (and glue_database) to write the files and the view only, and register ${raw} in Glue another way (a Glue crawler, or CREATE EXTERNAL TABLE in Athena).`,
    );
  }
  // A `plugin` config has dbt-duckdb hand the written rows to one of its Python plugins, which
  // stores them elsewhere (an Excel file, a database table through SQLAlchemy, a lake table);
  // without it the output the project relies on would silently be missing.
  const plugin = c['plugin'];
  if (typeof plugin === 'string' && plugin !== '') {
    throw userError(
      'external-python-only',
      `External model ${node.name} sets plugin '${plugin}': dbt-duckdb passes its rows to that Python plugin to store, which Reelhouse cannot run.`,
      { file: node.original_file_path },
      `Remove plugin to write ${raw} and the view only, and produce the plugin's output another way (a post-hook that COPYs {{ this }} to the file, or ATTACHes the database and inserts into it).`,
    );
  }
  if (strategy !== undefined && strategy !== null && strategy !== 'insert_overwrite') {
    throw userError(
      'invalid-incremental-strategy',
      `External model ${node.name} has incremental_strategy '${String(strategy)}'; external models support 'insert_overwrite' (rewrite the partitions the run recomputes).`,
      { file: node.original_file_path },
    );
  }
  const readOptions = c[`${format}_read_options`];
  return {
    location: isAbsolute(raw) || isRemoteLocation(raw) ? raw : isHomePath(raw) ? join(homedir(), raw.slice(1)) : resolve(base, raw),
    format: format as ExternalFormat,
    partitionBy,
    options,
    incremental: strategy === 'insert_overwrite',
    readOptions: readOptions && typeof readOptions === 'object' && !Array.isArray(readOptions) ? (readOptions as Record<string, unknown>) : {},
  };
}

/** A path under the home folder (`~/exports`), which DuckDB expands when dbt-duckdb hands it over. */
export function isHomePath(path: string): boolean {
  return path === '~' || path.startsWith('~/');
}

/** A location DuckDB writes through one of its file systems (s3://, gcs://, az://...), not a local path. */
export function isRemoteLocation(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//iu.test(location);
}

// dbt-duckdb renders `location` before use, so it may hold Jinja: `{{ adapter.external_root() }}/x.parquet`.
function renderedLocation(ctx: MaterializeContext, raw: string): string {
  return /\{[{%]/u.test(raw) ? ctx.renderHook(raw).trim() : raw;
}

const PROJECT_LOCATION = '{% if external_location is defined %}{{ external_location(this, config) }}{% endif %}';

// A project (or package) may define dbt-duckdb's `external_location(relation, config)` macro to
// name the files of models without `location`; without one, the default below applies (the
// built-in macro of that name gives the same place, for macros that call it).
function projectLocation(ctx: MaterializeContext): string | undefined {
  if (ctx.jinja && !Object.values(ctx.jinja.macros).some((m) => m.name === 'external_location' && m.package_name !== GLOBAL_PACKAGE)) return undefined;
  const out = ctx.renderHook(PROJECT_LOCATION).trim();
  return out !== '' && out !== PROJECT_LOCATION ? out : undefined;
}

/** The value of a COPY option, whatever the case of its key in `options`. */
function optionValue(options: Record<string, unknown>, key: string): unknown {
  const found = Object.keys(options).find((k) => k.toLowerCase() === key);
  return found === undefined ? undefined : options[found];
}

// A COPY flag such as `overwrite_or_ignore: 1` or `append: true` is on.
function flagOn(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0) return false;
  return typeof value !== 'string' || !/^(false|0)$/iu.test(value.trim());
}

/**
 * How a partitioned write lands in its folder. DuckDB's COPY with `overwrite_or_ignore` writes
 * its files into the folder, replacing files of the same name and leaving the others (several
 * models may share a folder with their own `filename_pattern`); `append` adds files beside the
 * existing ones. Without either, the folder is replaced.
 */
export function partitionedWriteMode(spec: ExternalSpec): 'replace' | 'overwrite-files' | 'append-files' {
  if (spec.partitionBy.length === 0) return 'replace';
  if (flagOn(optionValue(spec.options, 'append'))) return 'append-files';
  return flagOn(optionValue(spec.options, 'overwrite_or_ignore')) ? 'overwrite-files' : 'replace';
}

/** The COPY statement writing `sql` to `path`. */
export function copySql(dialect: SqlDialect, sql: string, path: string, spec: ExternalSpec): string {
  const opts = [`format ${spec.format}`];
  if (spec.partitionBy.length > 0) {
    opts.push(`partition_by (${spec.partitionBy.map((p) => dialect.quoteIdentifier(p)).join(', ')})`);
    // DuckDB's own default names, but fixed: appended files need the {uuid} label DuckDB requires.
    if (optionValue(spec.options, 'filename_pattern') === undefined) opts.push(partitionedWriteMode(spec) === 'append-files' ? `filename_pattern 'data_{uuid}'` : `filename_pattern 'data_{i}'`);
  }
  for (const [key, value] of Object.entries(spec.options)) {
    if (value === undefined || value === null) continue;
    opts.push(`${key} ${typeof value === 'string' ? optionLiteral(dialect, value) : String(value)}`);
  }
  return `copy (\n${wrappableSql(sql)}\n) to ${dialect.quoteString(path)} (${opts.join(', ')})`;
}

// dbt-duckdb passes option values through as written, so a project quotes the ones DuckDB
// reads as strings (`filename_pattern: "'part_{i}'"`): such a value is already a literal.
function optionLiteral(dialect: SqlDialect, value: string): string {
  return /^'.*'$/su.test(value.trim()) ? value.trim() : dialect.quoteString(value);
}

/**
 * The table function reading the model's files back (hive partition columns included), with
 * the model's `<format>_read_options` over the defaults. `columns` pins the column types, for
 * files that cannot carry them (an empty CSV or JSON file).
 */
export function readSql(dialect: SqlDialect, spec: ExternalSpec, columns?: { name: string; dataType: string }[]): string {
  const ext = spec.format === 'json' ? 'json' : spec.format;
  const path = spec.partitionBy.length > 0 ? `${spec.location}/${'*/'.repeat(spec.partitionBy.length)}*.${ext}` : spec.location;
  const args: Record<string, unknown> = {};
  if (spec.partitionBy.length > 0) args['hive_partitioning'] = true;
  if (spec.format === 'csv') {
    // The files have a header row unless the model wrote them without one.
    const header = spec.options['header'];
    args['header'] = !(header === false || header === 0 || (typeof header === 'string' && /^(false|0)$/iu.test(header)));
    if (typeof spec.options['delimiter'] === 'string') args['delim'] = spec.options['delimiter'];
  }
  Object.assign(args, spec.readOptions);
  if (columns && columns.length > 0) args['columns'] = Object.fromEntries(columns.map((c) => [c.name, c.dataType]));
  const reader = spec.format === 'parquet' ? 'read_parquet' : spec.format === 'csv' ? 'read_csv' : 'read_json_auto';
  const rendered = Object.entries(args).map(([k, v]) => `, ${k} = ${sqlValue(dialect, v)}`).join('');
  return `${reader}(${dialect.quoteString(path)}${rendered})`;
}

// A reader argument as a DuckDB literal: strings quoted, lists as lists, dicts as structs.
function sqlValue(dialect: SqlDialect, value: unknown): string {
  if (typeof value === 'string') return dialect.quoteString(value);
  if (Array.isArray(value)) return `[${value.map((v) => sqlValue(dialect, v)).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${dialect.quoteString(k)}: ${sqlValue(dialect, v)}`).join(', ')}}`;
  return value === null || value === undefined ? 'null' : String(value);
}

/**
 * dbt-duckdb's `external` materialization: the model's rows are written to Parquet, CSV or
 * JSON files with COPY and a view over the files makes the model available to ref().
 * Files are written beside their destination and renamed into place, so a failed or killed
 * run never leaves a half-written file or partition. With `incremental_strategy:
 * insert_overwrite` and `partition_by`, an incremental run (the view and the files exist, no
 * full refresh) rewrites only the partitions its rows fall in; every other partition's files
 * stay untouched, byte for byte.
 */
export const externalMaterialization: Materialization = {
  name: 'external',
  async build(ctx, runner) {
    const spec = externalSpec(ctx);
    if (isRemoteLocation(spec.location)) return buildRemote(ctx, runner, spec);
    return withLocationLock(spec.location, () => buildExternal(ctx, runner, spec));
  },
};

// The build of an external model, once it has its location to itself.
async function buildExternal(ctx: MaterializeContext, runner: SqlRunner, spec: ExternalSpec): Promise<BuildOutcome> {
  const node = ctx.node;
  const dialect = runner.adapter.dialect;
  const target = targetRelation(node);
  await runner.createSchema(target);
  await recoverLocation(spec.location);
  const existing = await runner.getRelation(target);
  const incremental = spec.incremental && spec.partitionBy.length > 0 && existing?.type === 'view' && existsSync(spec.location) && !shouldFullRefresh(node, ctx.fullRefresh);
  const runId = randomUUID().slice(0, 8);
  const files = sidecars(spec.location, runId);
  const sql = node.compiled_code ?? '';
  await mkdir(dirname(spec.location), { recursive: true });

  let rows = 0;
  let partitions: string[] | null = null;
  // On the session that ran the model's sql_header, whose temporary macros the query may use.
  const write = async (session: string | undefined) => {
    // dbt-duckdb stages the rows with create_table_as, which checks an enforced contract first:
    // a query that breaks it fails before any file is written.
    if (contractEnforced(node)) await assertContractColumns(node, runner, session, jinjaWarning(ctx));
    try {
      if (spec.partitionBy.length > 0) await mkdir(files.staging, { recursive: true });
      rows = (await runner.run(copySql(dialect, sql, files.staging, spec), session)).rowsChanged;
      partitions = incremental ? await leafFolders(files.staging) : null;
      const mode = partitionedWriteMode(spec);
      if (!incremental && mode !== 'replace') await commitFiles(spec.location, files.staging, files.trash, mode === 'append-files' ? runId : null);
      else await commitStaged(spec.location, files.staging, files.trash, partitions);
    } catch (error) {
      await rm(files.staging, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
  };

  if (incremental) {
    // The view already reads the location; files change under it, the view stays.
    await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: false });
    await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: true });
    await runSqlHeader(ctx, runner, undefined);
    await write(undefined);
    await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: true });
    await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: false });
    const written = (partitions as string[] | null)?.length ?? 0;
    return { status: 'success', message: `OK (${rows} rows in ${written} partitions)`, rowsAffected: rows, code: 'COPY', relation: { ...target, type: 'view' } };
  }
  const relation = await buildRelation(ctx, runner, {
    type: 'view',
    create: async (staged, session) => {
      await write(session);
      // An empty CSV or JSON file holds no types (JSON not even the names): take them from the query.
      const pinned = rows === 0 && spec.format !== 'parquet' && spec.partitionBy.length === 0;
      const columns = pinned ? (await runner.run(`select * from (\n${wrappableSql(sql)}\n) as model_subq limit 0`, session)).columns : undefined;
      await runner.runMain(`create view ${dialect.renderRelation(staged)} as select * from ${readSql(dialect, spec, columns)}`, session);
    },
  });
  // dbt-duckdb reports an external model like a table: its adapter response message is 'OK'
  // (the row count goes in rows_affected), so the result line reads [OK in 0.24s].
  return { status: 'success', message: 'OK', rowsAffected: rows, code: 'COPY', relation };
}

// An object-store location is written as dbt-duckdb writes it: COPY straight to it through
// DuckDB's file system for the scheme (httpfs for s3://...), then the view over it. Nothing is
// staged beside it (a bucket has no rename), so partition rewrites are not offered there.
async function buildRemote(ctx: MaterializeContext, runner: SqlRunner, spec: ExternalSpec): Promise<BuildOutcome> {
  if (spec.incremental) {
    throw userError(
      'invalid-incremental-strategy',
      `External model ${ctx.node.name} writes to ${spec.location}; incremental_strategy 'insert_overwrite' rewrites partitions in a local folder only.`,
      { file: ctx.node.original_file_path },
      'Remove incremental_strategy to rewrite the whole location on each run, or write to a local folder.',
    );
  }
  const dialect = runner.adapter.dialect;
  const sql = ctx.node.compiled_code ?? '';
  let rows = 0;
  const relation = await buildRelation(ctx, runner, {
    type: 'view',
    create: async (staged, session) => {
      if (contractEnforced(ctx.node)) await assertContractColumns(ctx.node, runner, session, jinjaWarning(ctx));
      rows = (await runner.run(copySql(dialect, sql, spec.location, spec), session)).rowsChanged;
      const pinned = rows === 0 && spec.format !== 'parquet' && spec.partitionBy.length === 0;
      const columns = pinned ? (await runner.run(`select * from (\n${wrappableSql(sql)}\n) as model_subq limit 0`, session)).columns : undefined;
      await runner.runMain(`create view ${dialect.renderRelation(staged)} as select * from ${readSql(dialect, spec, columns)}`, session);
    },
  });
  return { status: 'success', message: 'OK', rowsAffected: rows, code: 'COPY', relation };
}
