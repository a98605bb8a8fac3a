// dbt-duckdb's own `adapter` methods that projects and copied dbt-duckdb macros call:
// location_exists(path), external_write_options / external_read_location, is_ducklake(relation),
// is_motherduck(), warn_once(msg)... (the adapter object binds them to its render).
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { pyStr, toPlain } from '../../templating/index.js';
import type { TargetAttachment } from '../load/load-types.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';
import { bindParams, isNone } from './py-args.js';

/** dbt-duckdb's date_function(): DuckDB's SQL for the current time (what the context's sql_now renders). */
export const DUCKDB_DATE_FUNCTION = 'now()';

/** dbt-duckdb's location_exists(): true when DuckDB can read the path (a file, a glob, a URL its extensions open). */
export function duckdbLocationExists(core: RenderCore, state: RenderState, location: unknown): boolean {
  if (!state.execute || !core.bridge) return false;
  try {
    core.bridge.executeSync(`select 1 from '${pyStr(location).replaceAll("'", "''")}' where 1 = 0`);
    return true;
  } catch {
    return false;
  }
}

/**
 * dbt-duckdb's external_write_options(write_location, rendered_options): the COPY option list for
 * writing `write_location`: format from the extension unless given, a header for CSV, a
 * parenthesised partition_by list, the delimiter quoted.
 */
export function duckdbExternalWriteOptions(raw: unknown[]): string {
  const p = bindParams(raw, ['write_location', 'rendered_options']);
  const options = (p['rendered_options'] ?? {}) as Record<string, unknown>;
  if (!('format' in options)) {
    const ext = /\.([^./\\]+)$/u.exec(pyStr(p['write_location']))?.[1];
    // As dbt-duckdb: the extension, else CSV when a delimiter is given, else Parquet.
    options['format'] = ext ? ext.toLowerCase() : 'delimiter' in options ? 'csv' : 'parquet';
  }
  if (options['format'] === 'csv' && !('header' in options)) options['header'] = 1;
  const partition = options['partition_by'];
  if (typeof partition === 'string' && partition.includes(',') && !partition.startsWith('(')) options['partition_by'] = `(${partition})`;
  // The character options are quoted unless the project quoted them already.
  const quoted = new Set(['delimiter', 'quote', 'escape', 'null']);
  return Object.entries(options)
    .map(([k, v]) => (quoted.has(k.toLowerCase()) && !pyStr(v).startsWith("'") ? `${k} '${pyStr(v)}'` : `${k} ${pyStr(v)}`))
    .join(', ');
}

/**
 * dbt-duckdb's external_read_location(write_location, rendered_options): the file, or a glob over
 * the folder COPY wrote (partition folders, or one file per thread). Relative locations are the
 * project's, where they were written.
 */
export function duckdbExternalReadLocation(projectDir: string, raw: unknown[]): string {
  const p = bindParams(raw, ['write_location', 'rendered_options']);
  const written = pyStr(p['write_location']);
  const location = isAbsolute(written) || /^[a-z][a-z0-9+.-]*:\/\//iu.test(written) ? written : resolve(projectDir, written);
  const options = (p['rendered_options'] ?? {}) as Record<string, unknown>;
  const set = (key: string) => !isNone(options[key]) && options[key] !== false && options[key] !== '' && options[key] !== 0;
  if (!set('partition_by') && !set('per_thread_output')) return location;
  const levels = set('partition_by') ? pyStr(options['partition_by']).split(',').length : 0;
  const format = isNone(options['format']) ? 'parquet' : pyStr(options['format']);
  return `${location}/${'*/'.repeat(levels)}*.${format}`;
}

/** dbt-duckdb's is_motherduck(): the output's path, or one it attaches, is a MotherDuck database. */
export function duckdbIsMotherDuck(target: Record<string, unknown>): boolean {
  const md = (path: unknown) => /^(md|motherduck):/iu.test(typeof path === 'string' ? path : '');
  return md(target['path']) || attachments(target).some((a) => md(a.path));
}

// The target's attach: entries as the profile loader read them.
function attachments(target: Record<string, unknown>): TargetAttachment[] {
  return Array.isArray(target['attach']) ? (target['attach'] as TargetAttachment[]) : [];
}

/**
 * dbt-duckdb's is_ducklake(relation): the relation's database is a DuckLake catalog, which the
 * profile says with `is_ducklake: true` or a `ducklake:` path, for the output or an attachment.
 */
export function duckdbIsDuckLake(target: Record<string, unknown>, database: unknown): boolean {
  if (isNone(database) || database === '') return false;
  const lakes = new Set<string>();
  const lake = (flag: unknown, path: unknown) => flag === true || (typeof path === 'string' && path.toLowerCase().includes('ducklake:'));
  if (lake(target['is_ducklake'], target['path'])) lakes.add(pyStr(target['database']));
  for (const a of attachments(target)) if (lake(a.isDuckLake, a.path)) lakes.add(a.alias ?? ducklakeName(a.path));
  return lakes.has(pyStr(database));
}

// The catalog name DuckDB gives an attachment without an alias: its file's stem (of the
// metadata file, for `ducklake:name.ducklake`).
function ducklakeName(path: string): string {
  const file = basename(path.replace(/^([a-z][a-z0-9+.-]*:)+/iu, ''));
  return basename(file, extname(file));
}

/** dbt-duckdb's get_seed_file_path(model): the seed's file, under its package's root. */
export function duckdbSeedFilePath(model: unknown): string {
  const plain = (toPlain(model) ?? {}) as Record<string, unknown>;
  return join(pyStr(plain['root_path']), pyStr(plain['original_file_path']));
}

// Messages warn_once has shown, per command (one RenderCore each).
const warnedOnce = new WeakMap<RenderCore, Set<string>>();

/** dbt-duckdb's warn_once(msg): a warning shown once per command, however many renders ask. */
export function duckdbWarnOnce(core: RenderCore, state: RenderState, msg: unknown): string {
  const text = pyStr(msg);
  let seen = warnedOnce.get(core);
  if (!seen) warnedOnce.set(core, (seen = new Set()));
  if (!seen.has(text)) {
    seen.add(text);
    core.warn(text, state.node);
  }
  return '';
}
