// End to end: `source freshness` runs each source through dbt's node runner, so each check is
// framed by NodeStart, NodeCompiling, NodeExecuting and NodeFinished (debug) around its START and
// result lines, its node_info following the phases; a check that fails logs the error it caught.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

interface Event {
  info: { name: string; code: string; level: string; msg: string; thread: string };
  data: {
    node_info?: { unique_id: string; node_status: string; node_started_at: string; node_finished_at: string };
    run_result?: { status: string; message: string; thread: string; timing_info: { name: string }[]; num_failures: number; adapter_response: Record<string, unknown> };
    exc?: string;
  };
}

let dir = '';
before(async () => {
  dir = await newProject('lookout');
  writeProjectFile(dir, 'seeds/sightings.csv', 'id,seen_at\n1,2020-01-01 00:00:00\n');
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: tower',
    '    schema: main',
    '    freshness: {warn_after: {count: 1, period: day}}',
    '    tables:',
    '      - name: sightings',
    '        loaded_at_field: seen_at',
    '      - name: blind',
    '        identifier: sightings',
    '',
  ].join('\n'));
  const seed = await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(seed.code, 0, seed.out + seed.err);
});
after(() => rm(dir, { recursive: true, force: true }));

const FRAME = new Set(['NodeStart', 'LogStartLine', 'NodeCompiling', 'NodeExecuting', 'CatchableExceptionOnRun', 'LogFreshnessResult', 'NodeFinished']);

test('each freshness check is started, compiled, executed and finished as a node, with its node_status', async () => {
  const run = await runCli(['source', 'freshness', '--debug', '--log-format', 'json', '--project-dir', dir, '--profiles-dir', dir]);
  const all = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
  const of = (id: string) => all.filter((e) => e.data.node_info?.unique_id === id && FRAME.has(e.info.name));

  const fresh = of('source.lookout.tower.sightings');
  assert.deepEqual(fresh.map((e) => [e.info.name, e.data.node_info?.node_status]), [
    ['NodeStart', 'started'],
    ['LogStartLine', 'started'],
    ['NodeCompiling', 'compiling'],
    ['NodeExecuting', 'executing'],
    ['LogFreshnessResult', 'warn'],
    ['NodeFinished', 'warn'],
  ]);
  assert.deepEqual(fresh.map((e) => e.info.code), ['Q024', 'Q011', 'Q030', 'Q031', 'Q018', 'Q025']);
  assert.deepEqual(fresh.slice(2, 4).map((e) => e.info.msg), ['Began compiling node source.lookout.tower.sightings', 'Began executing node source.lookout.tower.sightings']);
  assert.ok(fresh.every((e) => e.info.thread === 'Thread-1 (worker)'));
  assert.ok(fresh[0]!.data.node_info!.node_started_at !== '' && fresh[3]!.data.node_info!.node_finished_at === '');
  const finished = fresh[5]!.data;
  assert.ok(finished.node_info!.node_finished_at !== '');
  assert.deepEqual([finished.run_result?.status, finished.run_result?.message, finished.run_result?.num_failures, finished.run_result?.thread], ['warn', '', 0, 'Thread-1 (worker)']);
  assert.deepEqual(finished.run_result?.timing_info.map((t) => t.name), ['compile', 'execute']);
  // The query it sends runs in its execute phase.
  const queries = all.filter((e) => e.info.name === 'SQLQuery' && e.data.node_info?.unique_id === 'source.lookout.tower.sightings');
  assert.ok(queries.length > 0 && queries.every((e) => e.data.node_info?.node_status === 'executing'));

  // A check that fails catches its error while executing, and finishes as a runtime error with that message.
  const blind = of('source.lookout.tower.blind');
  assert.deepEqual(blind.map((e) => [e.info.name, e.data.node_info?.node_status]), [
    ['NodeStart', 'started'],
    ['LogStartLine', 'started'],
    ['NodeCompiling', 'compiling'],
    ['NodeExecuting', 'executing'],
    ['CatchableExceptionOnRun', 'executing'],
    ['LogFreshnessResult', 'runtime error'],
    ['NodeFinished', 'runtime error'],
  ]);
  const caught = blind[4]!;
  assert.equal(caught.info.level, 'debug');
  assert.match(caught.data.exc ?? '', /^Runtime Error in source blind \(models\/sources\.yml\)\n {2}Could not compute freshness for source blind/u);
  assert.equal(caught.info.msg, caught.data.exc);
  const failed = blind[6]!.data.run_result;
  assert.deepEqual([failed?.status, failed?.message, failed?.adapter_response], ['runtime error', caught.data.exc, {}]);
  assert.deepEqual(failed?.timing_info.map((t) => t.name), ['compile']);
});

test('without --debug the console shows none of the debug frame', async () => {
  const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir]);
  assert.doesNotMatch(run.out, /Began (running|compiling|executing) node|Finished running node/u);
});
