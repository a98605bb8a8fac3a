// End to end: the time a snapshot stamps on its versions, on a real DuckDB file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const SNAPSHOT = `snapshots:
  - name: plots_history
    relation: ref('plots')
    config:
      unique_key: plot_id
      strategy: check
      check_cols: [crop]
`;

test("a check snapshot stamps its versions with DuckDB's now()::timestamp, to the microsecond, as dbt-duckdb's snapshot_get_time does", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'snapshot-clock-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'dbt_project.yml', 'name: allotment\nprofile: allotment\n');
  writeProjectFile(dir, 'profiles.yml', 'allotment:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: allotment.duckdb\n');
  writeProjectFile(dir, 'snapshots/plots_history.yml', SNAPSHOT);
  for (const crop of ['beans', 'leeks', 'kale']) {
    writeProjectFile(dir, 'models/plots.sql', `select 1 as plot_id, '${crop}' as crop`);
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 0, run.err + run.out);
  }
  const [rows] = await queryDb(
    join(dir, 'allotment.duckdb'),
    'select crop, epoch_us(dbt_valid_from) % 1000 as sub_ms, dbt_valid_to = lead(dbt_valid_from) over (order by dbt_valid_from) as closed_by_next from main.plots_history order by dbt_valid_from',
  );
  assert.deepEqual(rows.map((r) => r[0]), ['beans', 'leeks', 'kale']);
  // A JavaScript clock gives whole milliseconds; DuckDB's gives microseconds. Three stamps all
  // falling on a whole millisecond by chance is one in a billion.
  assert.ok(rows.some((r) => Number(r[1]) !== 0), JSON.stringify(rows));
  assert.deepEqual(rows.map((r) => r[2]), [true, true, null]);
});
