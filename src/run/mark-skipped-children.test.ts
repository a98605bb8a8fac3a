// End to end: dbt's MarkSkippedChildren debug event, logged after a node's result whenever that
// result skips what lies below it: an error in any command, and in build a failing test or a
// skipped node as well. Its line gives the status and, when the result has one, its message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from '../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('marks');
  writeProjectFile(dir, 'models/broken.sql', 'select * from no_such_table\n');
  writeProjectFile(dir, 'models/above_broken.sql', "select * from {{ ref('broken') }}\n");
  writeProjectFile(dir, 'models/fine.sql', 'select null as id\n');
  writeProjectFile(dir, 'models/above_fine.sql', "select * from {{ ref('fine') }}\n");
  writeProjectFile(dir, 'models/fine.yml', 'models:\n  - name: fine\n    columns:\n      - name: id\n        data_tests: [not_null]\n');
});
after(() => rm(dir, { recursive: true, force: true }));

interface Event {
  info: { name: string; code: string; msg: string };
  data: { unique_id?: string; status?: string; run_result?: { status: string } };
}

const events = async (...args: string[]): Promise<Event[]> => {
  const run = await runCli([...args, '--debug', '--log-format', 'json', '--project-dir', dir]);
  assert.equal(run.code, 1, run.err);
  return run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Event);
};

test("run marks the children of the model that errored, after its NodeFinished, with the error as the reason", async () => {
  const all = await events('run');
  const marks = all.filter((e) => e.info.name === 'MarkSkippedChildren');
  assert.equal(marks.length, 1);
  const mark = marks[0]!;
  assert.equal(mark.info.code, 'Z033');
  assert.deepEqual([mark.data.unique_id, mark.data.status, mark.data.run_result?.status], ['model.marks.broken', 'error', 'error']);
  assert.match(mark.info.msg, /^Marking all children of 'model\.marks\.broken' to be skipped because of status 'error'\. {2}Reason: Runtime Error in model broken \(models\/broken\.sql\)\n[\s\S]*no_such_table[\s\S]*\.$/u);
  const finished = all.findIndex((e) => e.info.name === 'NodeFinished' && e.info.msg === 'Finished running node model.marks.broken');
  assert.equal(all.indexOf(mark), finished + 1);
});

test('build also marks below a failing test and below each skipped node, a skip with no reason', async () => {
  const marks = (await events('build')).filter((e) => e.info.name === 'MarkSkippedChildren').map((e) => e.info.msg.replace(/ {2}Reason: [\s\S]*$/u, ' (reason)'));
  assert.deepEqual(marks.sort(), [
    "Marking all children of 'model.marks.above_broken' to be skipped because of status 'skipped'. ",
    "Marking all children of 'model.marks.above_fine' to be skipped because of status 'skipped'. ",
    "Marking all children of 'model.marks.broken' to be skipped because of status 'error'. (reason)",
    "Marking all children of 'test.marks.not_null_fine_id.0fdec4c60c' to be skipped because of status 'fail'. (reason)",
  ].sort());
});
