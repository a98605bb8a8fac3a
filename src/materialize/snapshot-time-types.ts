import type { Diagnostic } from '../core/diagnostic.js';
import type { CompiledNode } from '../project/types.js';
import type { SnapshotSqlInput } from './snapshot-sql.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * dbt's check_time_data_types: the warning a snapshot run gives when the type of
 * snapshot_get_time() differs from the type of the dbt_updated_at column its statement builds.
 * On a first build that column is updated_at's (a DATE or TIMESTAMP WITH TIME ZONE updated_at
 * warns); on later runs it is the staging rows' column, where, with hard deletes tracked, the
 * deletion rows' snapshot time is unioned in, so a DATE widens to TIMESTAMP and no longer warns.
 * Undefined when the types agree.
 */
export async function snapshotTimeTypesWarning(
  node: CompiledNode,
  runner: SqlRunner,
  session: string,
  input: SnapshotSqlInput,
  targetExists: boolean,
): Promise<Diagnostic | undefined> {
  const updatedAt = input.updatedAtColumn?.dataType;
  if (!updatedAt) return undefined;
  const snapshotTime = await columnType(runner, session, `select ${input.now} as dbt_snapshot_time`);
  const unioned = targetExists && input.config.hardDeletes !== 'ignore';
  const built = unioned ? await columnType(runner, session, `select cast(null as ${updatedAt}) as t union all select ${input.now}`) : updatedAt;
  if (!snapshotTime || !built || snapshotTime === built) return undefined;
  return {
    code: 'snapshot-timestamp-types',
    severity: 'warning',
    message: `Data type of snapshot table timestamp columns (${snapshotTime}) doesn't match derived column 'updated_at' (${built}). Please update snapshot config 'updated_at'.`,
    location: { file: node.original_file_path },
    event: { data: { snapshot_time_data_type: snapshotTime, updated_at_data_type: built } },
  };
}

async function columnType(runner: SqlRunner, session: string, sql: string): Promise<string | undefined> {
  const described = await runner.run(`describe (${sql})`, session);
  const type = described.rows[0]?.[1];
  return typeof type === 'string' ? type : undefined;
}
