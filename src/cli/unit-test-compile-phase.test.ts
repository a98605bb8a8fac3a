// End to end: dbt's compile step leaves a unit test as it is and compiles it as it executes (the
// tested model rendered with its inputs, then each fixture and the test written), so a log() in
// the model logs, for the unit test, with the test's node_info at `executing`, after NodeExecuting.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

interface Event {
  info: { name: string; msg: string };
  data: { node_info?: { unique_id: string; node_status: string } };
}

const UNIT_TESTS = `unit_tests:
  - name: t1
    model: m
    given:
      - input: ref('src_m')
        rows:
          - {id: 1}
    expect:
      rows:
        - {id: 1}
`;

let p: ScenarioProject;
before(async () => {
  p = await scenarioProject({
    'models/src_m.sql': 'select 1 as id',
    'models/m.sql': "{{ log('rendering m', info=True) }}\nselect id from {{ ref('src_m') }}",
    'models/unit.yml': UNIT_TESTS,
  });
});
after(async () => {
  await p.dispose();
});

test("a unit test's log() lines come while it executes, after NodeExecuting", async () => {
  const run = await p.ok('build', '--debug', '--log-format', 'json');
  const own = run.out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Event)
    .filter((e) => e.data.node_info?.unique_id === 'unit_test.scenario.m.t1')
    .filter((e) => ['NodeCompiling', 'NodeExecuting', 'JinjaLogInfo', 'WritingInjectedSQLForNode'].includes(e.info.name));
  assert.deepEqual(own.map((e) => [e.info.name, e.data.node_info?.node_status]), [
    ['NodeCompiling', 'compiling'],
    ['NodeExecuting', 'executing'],
    ['JinjaLogInfo', 'executing'],
    ['WritingInjectedSQLForNode', 'executing'],
    ['WritingInjectedSQLForNode', 'executing'],
  ]);
});
