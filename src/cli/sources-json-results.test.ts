// End to end: a source's entry in sources.json as dbt's freshness runner writes it: timed in a
// compile and an execute step, on a worker thread, at microsecond times.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('tidemill');
  writeProjectFile(dir, 'seeds/surges.csv', 'id,loaded_at\n1,2024-05-01 10:00:00\n');
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: mill',
    '    schema: main',
    '    loaded_at_field: loaded_at',
    '    freshness: {warn_after: {count: 1, period: day}}',
    '    tables:',
    '      - name: surges',
    '',
  ].join('\n'));
});
after(async () => rm(dir, { recursive: true, force: true }));

interface SourcesJson {
  metadata: { generated_at: string };
  results: { unique_id: string; thread_id: string; timing: { name: string; started_at: string; completed_at: string }[] }[];
}

test("a source's freshness result is timed in compile and execute steps, on a worker thread, to the microsecond", async () => {
  assert.equal((await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
  const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const sources = readArtifact<SourcesJson>(dir, 'sources.json');
  assert.match(sources.metadata.generated_at, /\.\d{6}Z$/u);
  const [result] = sources.results;
  assert.equal(result?.unique_id, 'source.tidemill.mill.surges');
  assert.equal(result?.thread_id, 'Thread-1 (worker)');
  assert.deepEqual(result?.timing.map((t) => t.name), ['compile', 'execute']);
  for (const t of result!.timing) for (const at of [t.started_at, t.completed_at]) assert.match(at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/u);
  assert.equal(result?.timing[0]!.completed_at, result?.timing[1]!.started_at);
});
