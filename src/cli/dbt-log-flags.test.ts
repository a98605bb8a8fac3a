// End to end: dbt's logging flags (--log-level, --log-level-file, --log-path, --log-format-file,
// logs/dbt.log, --use-colors, --printer-width) and their DBT_* variables, on a small project.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, createFlagsProject } from './dbt-flags-fixture.js';

describe("dbt's logging flags", () => {
  let dir = '';
  const p = (...args: string[]): string[] => [...args, '--project-dir', dir];

  before(async () => {
    dir = await createFlagsProject();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('console and file logging', () => {
    test('--log-level filters the console: warn hides progress, none prints nothing', async () => {
      const warn = await cli(p('run', '--log-level', 'warn'));
      assert.equal(warn.code, 0);
      assert.equal(warn.out, '');
      const none = await cli(p('run', '-s', 'nothing_here', '--log-level', 'none'));
      assert.equal(none.code, 0);
      assert.equal(none.out + none.err, '');
      const debug = await cli(p('run', '-s', 'base'), { DBT_LOG_LEVEL: 'debug' });
      assert.match(debug.out, /Completed successfully/u);
      const ls = await cli(['--log-level', 'error', ...p('ls', '-s', 'base', '--output', 'name', '--resource-type', 'model')]);
      assert.equal(ls.out, 'base', 'the answer of ls is printed at --log-level error, as with --quiet');
    });

    test('--debug shows each statement sent and its status; logs/dbt.log has them at its default debug level', async () => {
      rmSync(join(dir, 'logs'), { recursive: true, force: true });
      const run = await cli(p('run', '-s', 'base', '--debug'));
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, /On [\w.-]+: [\s\S]*create {2}table\s+"[^"]+"\."main"\."base__dbt_tmp"/u);
      // As dbt-duckdb reports each statement: OK, timed to the millisecond.
      assert.match(run.out, /SQL status: OK in \d+\.\d{3} seconds\n/u);
      assert.doesNotMatch(run.out, /SQL status: OK \d/u);
      const quiet = await cli(p('run', '-s', 'base'));
      assert.doesNotMatch(quiet.out, /SQL status/u, 'not on the console without --debug');
      // A node's statements are sent on the connection named after it, from its worker, as dbt logs them.
      assert.match(run.out, /On model\.[\w]+\.base: [\s\S]*create {2}table\s/u);
      const file = readFileSync(join(dir, 'logs/dbt.log'), 'utf8');
      assert.match(file, /\[debug\] \[Thread-1 \(\]: On model\.[\w]+\.base: /u);
      assert.match(file, /\[debug\] \[Thread-1 \(\]: SQL status: OK/u);
    });

    test('every command appends to logs/dbt.log (debug level by default), or under --log-path', async () => {
      rmSync(join(dir, 'logs'), { recursive: true, force: true });
      assert.equal((await cli(p('run', '-q', '-s', 'base'))).code, 0);
      const log = readFileSync(join(dir, 'logs/dbt.log'), 'utf8');
      // A node's events are written as fired on its worker, as dbt's are, the thread's name cut to ten characters.
      assert.match(log, /\[info \] \[Thread-1 \(\]: 1 of 1 OK created sql table model main\.base/u);
      assert.match(log, /Completed successfully/u);

      const custom = await mkdtemp(join(tmpdir(), 'reelhouse-logs-'));
      try {
        assert.equal((await cli(p('run', '-q', '-s', 'base', '--log-path', custom, '--log-format-file', 'json'))).code, 0);
        const lines = readFileSync(join(custom, 'dbt.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { info: { name: string } });
        assert.ok(lines.some((l) => l.info.name === 'LogModelResult'));
        assert.equal((await cli(p('run', '-q', '-s', 'base', '--log-level-file', 'none'), { DBT_LOG_PATH: join(custom, 'none') })).code, 0);
        assert.ok(!existsSync(join(custom, 'none')), 'no file at --log-level-file none');
        assert.equal((await cli(p('run', '-q', '-s', 'base', '--log-level-file', 'error'), { DBT_LOG_PATH: join(custom, 'errors') })).code, 0);
        assert.ok(!existsSync(join(custom, 'errors/dbt.log')), 'a run without errors writes no line at error level');
      } finally {
        await rm(custom, { recursive: true, force: true });
      }
    });

    test('colours only with --use-colors (or DBT_USE_COLORS) when the output is not a terminal', async () => {
      const plain = await cli(p('run', '-s', 'base'));
      assert.doesNotMatch(plain.out, /\u001b\[/u);
      const coloured = await cli(p('run', '-s', 'base', '--use-colors'));
      assert.match(coloured.out, /\[\u001b\[32mOK created sql table model main\.base\u001b\[0m in|\[\u001b\[32mOK\u001b\[0m in/u);
      assert.match(coloured.out, /\u001b\[32mCompleted successfully\u001b\[0m/u);
      assert.match((await cli(p('run', '-s', 'base'), { DBT_USE_COLORS: 'true' })).out, /\u001b\[32m/u);
      assert.doesNotMatch((await cli(p('run', '-s', 'base', '--no-use-colors'), { DBT_USE_COLORS: 'true' })).out, /\u001b\[/u);
    });

    test('--printer-width sets the width progress lines are dotted to', async () => {
      const bracketAt = (out: string): number[] =>
        out.split('\n').filter((l) => /\[RUN\]$/u.test(l)).map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, '').indexOf(' [RUN]'));
      assert.deepEqual(bracketAt((await cli(p('run', '-s', 'base', '--printer-width', '100'))).out), [100]);
      assert.deepEqual(bracketAt((await cli(p('run', '-s', 'base'))).out), [80], 'the next command is back to 80');
      assert.deepEqual(bracketAt((await cli(p('run', '-s', 'base'), { DBT_PRINTER_WIDTH: '60' })).out), [60]);
    });

    test('--show-resource-report (before or after the command, or DBT_SHOW_RESOURCE_REPORT) prints the resource report; otherwise only dbt.log has it', async () => {
      const report = /Resource report: \{"command_name": "(\w+)", "command_success": (true|false), "command_wall_clock_time": [\d.e-]+, "process_user_time": [\d.e-]+, "process_kernel_time": [\d.e-]+, "process_mem_max_rss": "\d+", "process_in_blocks": "\d+", "process_out_blocks": "\d+"\}$/mu;
      const before = await cli(['--show-resource-report', ...p('run', '-s', 'base')]);
      assert.equal(before.code, 0, before.err);
      assert.deepEqual(before.out.match(report)?.slice(1), ['run', 'true']);
      const after = await cli(p('build', '-s', 'base', '--show-resource-report'));
      assert.equal(after.code, 0, after.err);
      assert.deepEqual(after.out.match(report)?.slice(1), ['build', 'true']);
      assert.match((await cli(p('ls'), { DBT_SHOW_RESOURCE_REPORT: '1' })).out, report);
      // It belongs to the invocation it reports on.
      const json = await cli(p('run', '-s', 'base', '--log-format', 'json', '--show-resource-report'));
      const events = json.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { info: { name: string; invocation_id: string } });
      assert.equal(events.at(-1)?.info.name, 'ResourceReport');
      assert.deepEqual([...new Set(events.map((e) => e.info.invocation_id))], [JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).metadata.invocation_id]);
      assert.equal((await cli(p('run', '-s', 'no_such_model_here', '--warn-error', '--show-resource-report'))).out.match(report)?.[2], 'false');
      rmSync(join(dir, 'logs'), { recursive: true, force: true });
      const quiet = await cli(p('run', '-s', 'base', '--no-show-resource-report'), { DBT_SHOW_RESOURCE_REPORT: '1' });
      assert.equal(quiet.code, 0, quiet.err);
      assert.doesNotMatch(quiet.out, /Resource report/u);
      assert.match(readFileSync(join(dir, 'logs/dbt.log'), 'utf8'), /\[debug\] \[MainThread\]: Resource report: \{"command_name": "run"/u);
    });
  });
});
