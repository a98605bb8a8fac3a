// Ctrl-C and SIGTERM during a command: the running statement is interrupted and rolls back (the
// relation keeps its previous version), nothing else starts, and the process ends with dbt's
// closing lines and exit code 2 instead of dying silently.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenForInterrupts } from './interrupt.js';
import { queryDb, repoRoot, runCli, writeProjectFile } from './test-helpers.js';

/** Runs bin/reelhouse, sends `signal` once `ready` is printed, and returns the exit code and output. */
function interruptedRun(args: string[], ready: RegExp, signal: NodeJS.Signals): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'reelhouse'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let sent = false;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!sent && ready.test(out)) {
        sent = true;
        // Let the statement reach the warehouse before the signal.
        setTimeout(() => child.kill(signal), 300);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, out, err });
    });
  });
}

describe('interrupting a command', () => {
  test('Ctrl-C during a build keeps the table being rebuilt, skips the rest, and ends with dbt\'s closing lines and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reelhouse-interrupt-'));
    try {
      writeProjectFile(dir, 'dbt_project.yml', "name: orchard\nversion: '1.0'\nconfig-version: 2\nprofile: orchard\nmodels:\n  orchard:\n    +materialized: table\n");
      writeProjectFile(dir, 'profiles.yml', 'orchard:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: orchard.duckdb\n');
      writeProjectFile(dir, 'seeds/trees.csv', 'tree_id,kind\n1,apple\n2,pear\n');
      writeProjectFile(dir, 'models/stg_trees.sql', "select tree_id, kind from {{ ref('trees') }}\n");
      writeProjectFile(dir, 'models/apple_trees.sql', "select tree_id from {{ ref('stg_trees') }} where kind = 'apple'\n");
      assert.equal((await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '-q'])).code, 0);
      // A rebuild that would run for hours.
      writeProjectFile(dir, 'models/stg_trees.sql', "select tree_id, kind, (select count(*) from range(100000000000) t(x) where x % 7 = 3) as n\nfrom {{ ref('trees') }}\n");
      const run = await interruptedRun(['run', '--project-dir', dir, '--profiles-dir', dir], /START sql table model main\.stg_trees/u, 'SIGINT');
      assert.equal(run.code, 2, `${run.out}\n${run.err}`);
      assert.match(run.out, /SKIP relation main\.apple_trees/u);
      assert.match(run.out, /Exited because of keyboard interrupt\.\n(?:\d\d:\d\d:\d\d {2})?ctrl-c\n?$/u);
      assert.doesNotMatch(`${run.out}${run.err}`, /Napi|terminate called|\n\s+at /u);
      const [rows] = await queryDb(join(dir, 'orchard.duckdb'), 'select tree_id, kind from main.stg_trees order by 1');
      assert.deepEqual(rows, [[1, 'apple'], [2, 'pear']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the first signal cancels the command; its closing lines follow the log format, and nothing is printed without a signal', () => {
    const lines: string[] = [];
    const interrupts = listenForInterrupts(['build', '--log-format', 'json'], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    try {
      assert.equal(interrupts.finish(1), 1);
      assert.deepEqual(lines, []);
    } finally {
      interrupts.dispose();
    }
    const printed: string[] = [];
    const again = listenForInterrupts(['build', '--log-format', 'json'], { out: (l) => printed.push(l), err: (l) => printed.push(l) });
    try {
      process.emit('SIGTERM');
      assert.ok(again.signal.aborted);
      assert.equal(again.finish(0), 2);
      const events = printed.map((l) => JSON.parse(l) as { info: { name: string; msg: string }; data: Record<string, unknown> });
      assert.deepEqual(events.map((e) => e.info.name), ['Formatting', 'EndOfRunSummary', 'MainKeyboardInterrupt']);
      assert.match(events[1]!.info.msg, /termination signal \(SIGTERM\)/u);
      assert.equal(events[1]!.data['keyboard_interrupt'], true);
    } finally {
      again.dispose();
    }
  });
});
