// End to end: a log() a node's template calls while the node compiles or runs is dbt's
// JinjaLogInfo with that node's node_info (node_status: compiling, the phase dbt's runner is in
// while it renders the node), fired on the node's worker thread; one called while
// the project is parsed names no node and fires on the main thread.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

interface JsonEvent {
  info: { name: string; thread: string };
  data: { msg?: string; node_info?: { unique_id: string; node_status: string; node_started_at: string } };
}

let dir = '';

before(async () => {
  dir = await newProject('lantern');
  writeProjectFile(dir, 'macros/say.sql', "{% macro say(what) %}{{ log(what ~ (' running' if execute else ' parsing'), info=True) }}{% endmacro %}\n");
  writeProjectFile(dir, 'models/wick.sql', "{{ say('wick') }}\nselect 1 as id\n");
  writeProjectFile(dir, 'models/flame.sql', "{{ say('flame') }}\nselect id from {{ ref('wick') }}\n");
});
after(async () => rm(dir, { recursive: true, force: true }));

async function jinjaLogs(...command: string[]): Promise<JsonEvent[]> {
  const run = await runCli(['--log-format', 'json', ...command, '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as JsonEvent);
  return events.filter((e) => e.info.name === 'JinjaLogInfo');
}

for (const command of ['run', 'compile']) {
  test(`${command}: a template's log() while a node is under way carries that node's node_info and worker thread`, async () => {
    const logs = await jinjaLogs(command);
    const parsing = logs.filter((e) => e.data.msg?.endsWith(' parsing'));
    assert.equal(parsing.length, 2);
    for (const e of parsing) {
      assert.equal(e.info.thread, 'MainThread');
      assert.equal(e.data.node_info, undefined);
    }
    const running = logs.filter((e) => e.data.msg?.endsWith(' running'));
    assert.deepEqual(running.map((e) => [e.data.msg, e.data.node_info?.unique_id, e.data.node_info?.node_status, e.info.thread]), [
      ['wick running', 'model.lantern.wick', 'compiling', 'Thread-1 (worker)'],
      ['flame running', 'model.lantern.flame', 'compiling', 'Thread-1 (worker)'],
    ]);
    assert.ok(running.every((e) => (e.data.node_info?.node_started_at ?? '') !== ''));
  });
}
