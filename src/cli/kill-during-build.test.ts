// The real CLI killed with SIGKILL in the middle of `build`, during an incremental model and
// during a snapshot: a rerun must leave the targets exactly as a clean run over the same input.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { queryDb, repoRoot, writeProjectFile } from './test-helpers.js';

const BIN = join(repoRoot, 'bin', 'reelhouse');

// Large generated inputs so that each node runs long enough to be killed in the middle.
// `round` changes the input between builds: every row of the incremental model is updated
// (and more rows arrive); a third of the snapshot's rows change, with deterministic timestamps.
const FILES: Record<string, string> = {
  'dbt_project.yml': "name: killer\nversion: '1.0'\nconfig-version: 2\nprofile: killer\n",
  'profiles.yml': 'killer:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse.duckdb\n      schema: main\n      threads: 1\n',
  'models/fact_big.sql': `{{ config(materialized='incremental', incremental_strategy='merge', unique_key='id') }}
select i as id, (i * {{ var('round') }}) % 1000 as v, 'row-' || (i % 1000) as label
from range(0, 2000000 + {{ var('round') }} * 500000) t(i)
`,
  'snapshots/snap_big.sql': `{% snapshot snap_big %}
{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', target_schema='main') }}
select i as id,
  case when i % 3 = 0 then {{ var('round') }} else 1 end as plan,
  timestamp '2024-01-01' + to_days(case when i % 3 = 0 then {{ var('round') }} else 1 end) as updated_at
from range(0, 1000000) t(i)
{% endsnapshot %}
`,
};

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

/** Runs `reelhouse build` as a child process; with `killOn`, SIGKILLs it once its output shows that text. */
function build(dir: string, round: number, killOn?: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'build', '--project-dir', dir, '--vars', `{round: ${round}}`], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let killing = false;
    const onData = (d: Buffer) => {
      out += d.toString();
      if (killOn && !killing && out.includes(killOn)) {
        killing = true;
        // Let the node get into its statements before the kill.
        setTimeout(() => child.kill('SIGKILL'), 400);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-kill-'));
  for (const [rel, text] of Object.entries(FILES)) writeProjectFile(dir, rel, text);
  return dir;
}

/** Rows of `table` in one warehouse that the other lacks, counted with duplicates (EXCEPT ALL both ways), and the row count. */
async function difference(cleanDir: string, otherDir: string, table: string): Promise<{ onlyClean: number; onlyOther: number; rows: number }> {
  const other = join(otherDir, 'warehouse.duckdb').replaceAll("'", "''");
  const [, a, b, n] = await queryDb(
    join(cleanDir, 'warehouse.duckdb'),
    `attach '${other}' as other (read_only)`,
    `select count(*) from (select * from main.${table} except all select * from other.main.${table})`,
    `select count(*) from (select * from other.main.${table} except all select * from main.${table})`,
    `select count(*) from main.${table}`,
  );
  return { onlyClean: Number(a?.[0]?.[0]), onlyOther: Number(b?.[0]?.[0]), rows: Number(n?.[0]?.[0]) };
}

describe('SIGKILL during reelhouse build', { timeout: 600_000 }, () => {
  const dirs: string[] = [];
  let clean = '';
  before(async () => {
    clean = await project();
    dirs.push(clean);
    for (const round of [1, 2]) {
      const run = await build(clean, round);
      assert.equal(run.code, 0, run.out);
    }
  });
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  for (const [label, startLine, okLine] of [
    ['an incremental model', 'START sql incremental model main.fact_big', 'OK created sql incremental model main.fact_big'],
    ['a snapshot', 'START snapshot main.snap_big', 'OK snapshotted main.snap_big'],
  ] as const) {
    test(`killed during ${label}, a rerun leaves every target as a clean run does`, async () => {
      const dir = await project();
      dirs.push(dir);
      assert.equal((await build(dir, 1)).code, 0);
      const killed = await build(dir, 2, startLine);
      assert.equal(killed.signal, 'SIGKILL', killed.out);
      assert.ok(killed.out.includes(startLine), killed.out);
      // The node had not finished when the process died.
      assert.ok(!killed.out.includes(okLine), killed.out);

      const rerun = await build(dir, 2);
      assert.equal(rerun.code, 0, rerun.out);
      for (const table of ['fact_big', 'snap_big']) {
        const diff = await difference(clean, dir, table);
        assert.ok(diff.rows > 0, `${table} is empty`);
        assert.deepEqual({ onlyClean: diff.onlyClean, onlyOther: diff.onlyOther }, { onlyClean: 0, onlyOther: 0 }, table);
      }
    });
  }
});
