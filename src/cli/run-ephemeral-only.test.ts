// End to end: a run or build whose selection holds only ephemeral models is not "nothing to do" in
// dbt: it prints its Concurrency line, compiles the models (their log() calls print), and closes
// with a Finished line that counts nothing, with no summary after it, as no node ran.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const plain = (text: string): string[] => text.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, ''));

before(async () => {
  dir = await newProject('lodging', 'models:\n  lodging:\n    src:\n      +materialized: ephemeral\n');
  writeProjectFile(dir, 'macros/debug_log.sql', '{% macro debug_log(message) %}{% if execute %}{{ log(message, info=True) }}{% endif %}{% endmacro %}\n');
  writeProjectFile(dir, 'models/src/debug_log.sql', '{{ debug_log("LOGGING APPLICATION STEP") }}\nselect 1 as id\n');
  writeProjectFile(dir, 'models/rooms.sql', 'select 2 as id\n');
});
after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

for (const command of ['run', 'build']) {
  test(`${command} --select naming only an ephemeral model compiles it and finishes with an empty stat line`, async () => {
    const result = await cli(command, '--select', 'debug_log');
    assert.equal(result.code, 0, `${result.out}\n${result.err}`);
    const lines = plain(result.out);
    const found = lines.findIndex((l) => l.startsWith('Found '));
    assert.deepEqual(lines.slice(found + 1, found + 7).map((l) => l.replace(/[\d.]+ seconds \([\d.]+s\)/u, 'N seconds (Ns)')), [
      '',
      "Concurrency: 1 threads (target='dev')",
      '',
      'LOGGING APPLICATION STEP',
      '',
      'Finished running  in 0 hours 0 minutes and N seconds (Ns).',
    ]);
    assert.equal(lines.length, found + 7, result.out);
    assert.doesNotMatch(result.out, /Nothing to do|Completed successfully|Done\. PASS/u);
    assert.deepEqual(readArtifact<{ results: unknown[] }>(dir, 'run_results.json').results, []);
  });
}
