import type { ColumnInfo } from '../adapters/adapter.js';
import type { CompiledNode } from '../project/types.js';
import { commentRelation } from './build-relation.js';
import { createIndexes } from './indexes.js';
import { runHooks } from './hooks.js';
import type { Materialization } from './materialization.js';
import { targetRelation, wrappableSql } from './relations.js';
import { snapshotConfig, type SnapshotConfig } from './snapshot-config.js';
import { builtInStrategyReplaced, snapshotMacroOverrides } from './macro-overrides.js';
import { customSnapshotStrategy, isCustomSnapshotStrategy } from './snapshot-custom.js';
import { userError } from '../core/diagnostic.js';
import {
  isColumnKey, isCurrentSql, keyColumnName, keyedTargetSql, keyExpressionItems, keyJoinSql, keyRefSql, rowChangedSql, scdHashSql, stampSql, updatedAtExpressionItems,
  UPDATED_AT_COLUMN, validToCurrentSql, type SnapshotSqlInput,
} from './snapshot-sql.js';
import { WarehouseError, type SqlRunner } from './sql-runner.js';
import { snapshotTimeTypesWarning } from './snapshot-time-types.js';

/**
 * dbt's `snapshot` materialization (SCD type 2), in one transaction per run.
 *
 * Meta columns as dbt documents them (renamable with snapshot_meta_column_names):
 * dbt_scd_id = md5 of the unique key and the row's dbt_valid_from; dbt_updated_at and
 * dbt_valid_from = the updated_at value (timestamp strategy) or the snapshot time (check);
 * dbt_valid_to = NULL (or dbt_valid_to_current) for current rows; dbt_is_deleted ('True' /
 * 'False') with hard_deletes = new_record. The time columns take updated_at's type (the check
 * strategy's snapshot time is a TIMESTAMP in the session's time zone). updated_at may be
 * an SQL expression rather than a column; any other strategy is a project macro
 * (snapshot-custom.ts) that supplies the change test, updated_at and dbt_scd_id. As in dbt, a
 * check-strategy query that gained a compared column gives every row a new version once, and a
 * deletion record's dbt_scd_id hashes the ended version's id with the snapshot time.
 *
 * Beyond dbt: source rows duplicated on the unique key fail the run with the keys named
 * (never two current rows); a check column going from NULL to a value or back is a change;
 * a row that comes back after a hard delete with an updated_at older than its deletion starts
 * a new version at the snapshot time (dbt would open it before the deletion); new source
 * columns are added to the table. Unchanged input adds nothing.
 */
export const snapshotMaterialization: Materialization = {
  name: 'snapshot',
  async build(ctx, runner) {
    const node = ctx.node;
    // A built-in strategy's config is checked before anything runs; a custom strategy's macro
    // is told whether the target exists, so it is called once that is known.
    const builtIn = isCustomSnapshotStrategy(node.config['strategy']) || builtInStrategyReplaced(ctx) ? undefined : snapshotConfig(node);
    const target = targetRelation(node);
    const dialect = runner.adapter.dialect;
    const targetSql = dialect.renderRelation(target);
    // dbt stamps versions with snapshot_get_time() and hashes scd ids with snapshot_hash_arguments():
    // a project may replace either (through adapter.dispatch in the 'dbt' namespace).
    const overridden = snapshotMacroOverrides(ctx);
    // dbt-duckdb's snapshot_get_time() is now()::timestamp: the session's wall-clock time (its
    // TimeZone, the machine's by default), not UTC, to the microsecond. The instant is fixed once
    // for the whole run; a caller may fix it (to the millisecond) instead.
    const nowSql = overridden.now ?? (ctx.now ? instantSql(ctx.now()) : await sessionNowSql(runner));
    await runner.createSchema(target);
    // As dbt's snapshot materialization: a relation of another type at the target fails the
    // snapshot (its relation_wrong_type Compilation Error) before any pre-hook runs.
    const existing = await runner.getRelation(target);
    if (existing && existing.type !== 'table') {
      throw userError(
        'compiler-error',
        `Trying to create table ${targetSql}, but it currently exists as a ${existing.type}. Either drop ${targetSql} manually, or run dbt with \`--full-refresh\` and dbt will drop it for you.`,
        { file: node.original_file_path },
      );
    }
    await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: false });
    const config = builtIn ?? snapshotConfig(node, customSnapshotStrategy(node, ctx.jinja, existing !== undefined));

    const changed = await runner.transaction(async (session) => {
      await runHooks(ctx, runner, { kind: 'pre-hook', insideTransaction: true }, session);
      const sourceName = dialect.quoteIdentifier(`${node.alias}__rh_snapshot_source`);
      const computed = [...keyExpressionItems({ dialect, config }), ...updatedAtExpressionItems({ dialect, config })];
      const query = wrappableSql(node.compiled_code ?? '');
      const sourceSql = computed.length === 0 ? `(\n${query}\n)` : `select *, ${computed.join(', ')} from (\n${query}\n) as rh_snapshot_query`;
      await runner.run(`create or replace temp table ${sourceName} as ${sourceSql}`, session);
      const source = `temp.main.${sourceName}`;
      const computedColumns = new Set([...config.uniqueKey.map((k, i) => (isColumnKey(k) ? '' : keyColumnName(i).toLowerCase())), UPDATED_AT_COLUMN]);
      const allColumns = (await runner.run(`select * from ${source} limit 0`, session)).columns;
      const sourceColumns = allColumns.filter((c) => !computedColumns.has(c.name.toLowerCase()));
      checkColumns(node, config, sourceColumns);
      const input: SnapshotSqlInput = { dialect, config, target: targetSql, source, sourceColumns, now: nowSql };
      if (overridden.hash) input.hash = overridden.hash;
      const updatedAtName = config.updatedAt && isColumnKey(config.updatedAt) ? config.updatedAt : UPDATED_AT_COLUMN;
      const updatedAtColumn = config.updatedAt ? allColumns.find((c) => c.name.toLowerCase() === updatedAtName.toLowerCase()) : undefined;
      if (updatedAtColumn) input.updatedAtColumn = updatedAtColumn;
      await assertUniqueSource(node, input, runner, session);
      const typesWarning = await snapshotTimeTypesWarning(node, runner, session, input, existing !== undefined);
      if (typesWarning) ctx.warn?.(typesWarning);
      const count = existing ? await mergeSnapshot(node, runner, session, input) : await createSnapshot(runner, session, input);
      if (!existing) await createIndexes(node, runner, target, session);
      await commentRelation(ctx, runner, target, 'table', session);
      await runner.run(`drop table if exists ${source}`, session);
      await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: true }, session);
      return count;
    });
    await runHooks(ctx, runner, { kind: 'post-hook', insideTransaction: false });
    return { status: 'success', message: 'OK', rowsAffected: changed, code: 'INSERT', relation: { ...target, type: 'table' } };
  },
};

function checkColumns(node: CompiledNode, config: SnapshotConfig, columns: ColumnInfo[]): void {
  const have = new Set(columns.map((c) => c.name.toLowerCase()));
  const wanted = [...config.uniqueKey.filter(isColumnKey), ...(config.updatedAt && isColumnKey(config.updatedAt) ? [config.updatedAt] : []), ...(config.checkCols === 'all' ? [] : config.checkCols)];
  const missing = wanted.filter((c) => !have.has(c.toLowerCase()));
  if (missing.length > 0) {
    throw new WarehouseError(`Snapshot ${node.name}: the snapshot query has no column(s) ${missing.join(', ')} (it returns ${columns.map((c) => c.name).join(', ')}).`);
  }
}

async function assertUniqueSource(node: CompiledNode, input: SnapshotSqlInput, runner: SqlRunner, session: string): Promise<void> {
  const { config } = input;
  const keys = config.uniqueKey.map((_, i) => keyRefSql(input, 's', i)).join(', ');
  const dupes = await runner.run(`select ${keys}, count(*) from ${input.source} as s group by all having count(*) > 1 limit 5`, session);
  if (dupes.rows.length === 0) return;
  const shown = dupes.rows.map((r) => `(${config.uniqueKey.map((k, i) => `${k}=${JSON.stringify(r[i])}`).join(', ')}): ${String(r[config.uniqueKey.length])} rows`).join('; ');
  throw new WarehouseError(
    `Snapshot ${node.name}: the snapshot query returns more than one row for the same unique_key [${config.uniqueKey.join(', ')}]: ${shown}. ` +
      'Deduplicate the query (or widen unique_key); nothing was written.',
  );
}

/** The meta column values of a new version of source row `s`, given its dbt_valid_from. */
function metaValues(input: SnapshotSqlInput, validFrom: string, deleted: boolean): string[] {
  // A deletion record's id hashes the id of the version it ends with the snapshot time, as dbt's.
  // A custom strategy's scd_id expression names the new version's columns unqualified.
  const hash = input.hash ?? scdHashSql;
  const scdId = deleted
    ? hash([`s.${input.dialect.quoteIdentifier(input.config.columns.scdId)}`, input.now])
    : (input.config.scdId ?? hash([...input.config.uniqueKey.map((_, i) => keyRefSql(input, 's', i)), validFrom]));
  // A deletion record keeps the ended version's dbt_valid_to (NULL or dbt_valid_to_current), as dbt's.
  const validTo = deleted ? `s.${input.dialect.quoteIdentifier(input.config.columns.validTo)}` : validToCurrentSql(input, 's');
  const values = [scdId, stampSql(input, 's'), validFrom, validTo];
  if (input.config.hardDeletes === 'new_record') values.push(deleted ? `'True'` : `'False'`);
  return values;
}

function metaNames(input: SnapshotSqlInput): string[] {
  const c = input.config.columns;
  const names = [c.scdId, c.updatedAt, c.validFrom, c.validTo];
  if (input.config.hardDeletes === 'new_record') names.push(c.isDeleted);
  return names.map((n) => input.dialect.quoteIdentifier(n));
}

async function createSnapshot(runner: SqlRunner, session: string, input: SnapshotSqlInput): Promise<number> {
  const names = metaNames(input);
  const values = metaValues(input, stampSql(input, 's'), false);
  const select = values.map((v, i) => `${v} as ${names[i] ?? ''}`).join(',\n  ');
  const data = input.sourceColumns.map((c) => `s.${input.dialect.quoteIdentifier(c.name)}`).join(', ');
  const result = await runner.runMain(`create table ${input.target} as\nselect ${data},\n  ${select}\nfrom ${input.source} as s`, session);
  return Number(result.rows[0]?.[0] ?? result.rowsChanged) || 0;
}

async function mergeSnapshot(node: CompiledNode, runner: SqlRunner, session: string, input: SnapshotSqlInput): Promise<number> {
  const { dialect, config } = input;
  const q = dialect.quoteIdentifier;
  const cols = config.columns;
  const targetColumns = (await runner.run(`select * from ${input.target} limit 0`, session)).columns;
  const has = (name: string) => targetColumns.some((c) => c.name.toLowerCase() === name.toLowerCase());
  // As dbt's assert_valid_snapshot_target_given_strategy: the target must have the id and validity
  // columns (dbt_updated_at is not required: it is added below, as any column the staging rows
  // have and the target lacks), and, to record hard deletes as new rows, the deletion flag.
  const missingValidity = [cols.scdId, cols.validFrom, cols.validTo].filter((n) => !has(n));
  const missingMeta = missingValidity.length > 0 ? missingValidity : config.hardDeletes === 'new_record' && !has(cols.isDeleted) ? [cols.isDeleted] : [];
  if (missingMeta.length > 0) {
    // dbt checks this before it stages the rows: a Compilation Error, in its words.
    throw userError(
      'compiler-error',
      `Snapshot target is missing configured columns (missing "${missingMeta.join('", "')}"). See https://docs.getdbt.com/docs/build/snapshots#snapshot-meta-fields for more information.`,
      { file: node.original_file_path },
      `${input.target} was built with other columns: name them in snapshot_meta_column_names, add the missing ones to the table, or rebuild the snapshot table.`,
    );
  }
  if (config.strategy === 'check') {
    const compared = config.checkCols === 'all' ? input.sourceColumns.map((c) => c.name) : config.checkCols;
    input = { ...input, columnAdded: compared.some((name) => !has(name)) };
  }
  // DDL first: DuckDB refuses to alter a table this transaction already modified.
  for (const column of input.sourceColumns) {
    if (!has(column.name)) await runner.run(`alter table ${input.target} add column ${q(column.name)} ${column.dataType}`, session);
  }
  // dbt_updated_at holds the same value as dbt_valid_from in each new version, so it takes that column's type.
  if (!has(cols.updatedAt)) {
    const type = targetColumns.find((c) => c.name.toLowerCase() === cols.validFrom.toLowerCase())?.dataType ?? 'timestamp';
    await runner.run(`alter table ${input.target} add column ${q(cols.updatedAt)} ${type}`, session);
  }

  const deletedFlag = config.hardDeletes === 'new_record' ? `c.${q(cols.isDeleted)} = 'True'` : 'false';
  const changes = dialect.quoteIdentifier(`${node.alias}__rh_snapshot_changes`);
  const keyedTarget = keyedTargetSql(input);
  const stamp = stampSql(input, 's');
  // The end of the key's last version, for keys with history but no current row (hard-deleted).
  const lastEnd = `(select max(h.${q(cols.validTo)}) from ${keyedTarget} as h where ${keyJoinSql(input, 'h', 's')})`;
  // One row per source row that needs a new version: new keys, changed rows, and rows
  // returning after a hard delete. A returning row starts at its updated_at, as in dbt, when
  // that is after its deletion; otherwise (an old updated_at, or the check strategy's
  // snapshot time) at the snapshot time, so versions never overlap.
  // Of updated_at's type (the snapshot time would widen a DATE), so dbt_scd_id hashes the value as dbt's does.
  const stampType = input.updatedAtColumn?.dataType;
  const validFrom =
    `  case when c.${q(cols.scdId)} is null then (case when ${lastEnd} is null or ${stamp} > ${lastEnd} then ${stamp} else ${input.now} end)\n` +
    `       when ${deletedFlag} then (case when ${stamp} > c.${q(cols.validFrom)} then ${stamp} else ${input.now} end)\n` +
    `       else ${stamp} end`;
  await runner.run(
    `create or replace temp table ${changes} as\n` +
      `select s.*, c.${q(cols.scdId)} as rh_current_scd_id,\n` +
      `${stampType ? `cast(${validFrom} as ${stampType})` : validFrom} as rh_valid_from\n` +
      `from ${input.source} as s\n` +
      `left join (select * from ${keyedTarget} as t where ${isCurrentSql(input, 't')}) as c on ${keyJoinSql(input, 'c', 's')}\n` +
      `where c.${q(cols.scdId)} is null or ${deletedFlag} or ${rowChangedSql(input)}`,
    session,
  );
  const changesSql = `temp.main.${changes}`;
  let count = 0;
  const currentT = isCurrentSql(input, input.target);
  // Close the versions being replaced.
  count += (
    await runner.runMain(
      `update ${input.target} set ${q(cols.validTo)} = x.rh_valid_from\nfrom ${changesSql} as x\n` +
        `where ${input.target}.${q(cols.scdId)} = x.rh_current_scd_id and ${currentT}`,
      session,
    )
  ).rowsChanged;

  if (config.hardDeletes !== 'ignore') {
    const gone = `not exists (select 1 from ${input.source} as s where ${keyJoinSql(input, 's', 'c')})`;
    const notDeleted = config.hardDeletes === 'new_record' ? ` and c.${q(cols.isDeleted)} = 'False'` : '';
    const deletedName = dialect.quoteIdentifier(`${node.alias}__rh_snapshot_deleted`);
    await runner.run(
      `create or replace temp table ${deletedName} as\nselect c.* from ${keyedTarget} as c where ${isCurrentSql(input, 'c')}${notDeleted} and ${gone}`,
      session,
    );
    const deleted = `temp.main.${deletedName}`;
    count += (
      await runner.runMain(
        `update ${input.target} set ${q(cols.validTo)} = ${input.now}\nwhere ${currentT} and ${input.target}.${q(cols.scdId)} in (select ${q(cols.scdId)} from ${deleted})`,
        session,
      )
    ).rowsChanged;
    if (config.hardDeletes === 'new_record') {
      // A row recording the deletion, carrying the last known values of the query's columns, as
      // dbt's deletion_records: a column the query no longer returns is left NULL, as is a new one.
      const data = input.sourceColumns.filter((c) => has(c.name) && !Object.values(cols).some((m) => m.toLowerCase() === c.name.toLowerCase())).map((c) => q(c.name));
      const names = metaNames(input);
      const values = metaValues(input, input.now, true).map((v, i) => (i === 1 ? input.now : v));
      count += (
        await runner.runMain(
          `insert into ${input.target} (${[...data, ...names].join(', ')})\nselect ${[...data.map((d) => `s.${d}`), ...values].join(', ')}\nfrom ${deleted} as s`,
          session,
        )
      ).rowsChanged;
    }
    await runner.run(`drop table if exists ${deleted}`, session);
  }

  const data = input.sourceColumns.map((c) => q(c.name));
  const names = metaNames(input);
  const values = metaValues(input, 's.rh_valid_from', false);
  count += (
    await runner.runMain(`insert into ${input.target} (${[...data, ...names].join(', ')})\nselect ${[...data.map((d) => `s.${d}`), ...values].join(', ')}\nfrom ${changesSql} as s`, session)
  ).rowsChanged;
  await runner.run(`drop table if exists ${changesSql}`, session);
  return count;
}

/** A given instant as a TIMESTAMP in the session's time zone. */
function instantSql(instant: Date): string {
  return `cast(cast('${instant.toISOString().replace('T', ' ').replace('Z', '')}+00' as timestamptz) as timestamp)`;
}

/** The session's now()::timestamp, read once, as a literal (DuckDB keeps microseconds; a JavaScript Date only milliseconds). */
async function sessionNowSql(runner: SqlRunner): Promise<string> {
  const result = await runner.run('select cast(now()::timestamp as varchar)');
  return `cast('${String(result.rows[0]?.[0])}' as timestamp)`;
}
