import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../core/diagnostic.js';
import { parsePipelines, stepOrder } from './pipeline-config.js';
import { daysBetween, parseDuration, splitCommandLine } from './text-values.js';

const parse = (text: string) => parsePipelines(text, '/project/pipelines.yml', '/project');

function errorOf(fn: () => unknown): { code: string; message: string; line: number | undefined } {
  try {
    fn();
  } catch (error) {
    assert.ok(isReelhouseError(error), `expected a ReelhouseError, got ${String(error)}`);
    return { code: error.diagnostic.code, message: error.diagnostic.message, line: error.diagnostic.location?.line };
  }
  assert.fail('expected an error');
}

test('step lines become ingest, shell and command steps with the project folder left to the runner', () => {
  const config = parse(`
pipelines:
  hourly:
    schedule: {cron: '0 * * * *', timezone: Europe/Paris, catch_up: run_last}
    health_check: https://hc.example/abc/
    retries: 1
    retry_delay: 2s
    steps:
      - ingest billing events
      - >-
        build --select "tag:daily marts" --vars '{a: 1}'
      - source freshness
      - "run-operation grant_select --args '{role: reporter}'"
      - shell: ./scripts/notify.sh done
      - {command: snapshot, retries: 3, timeout: 5m}
`);
  const [p] = config.pipelines;
  assert.ok(p);
  assert.equal(p.name, 'hourly');
  assert.deepEqual(p.schedule, { cron: '0 * * * *', timezone: 'Europe/Paris', catchUp: 'run_last' });
  assert.deepEqual(p.healthCheck, { url: 'https://hc.example/abc', timeoutMs: 10_000 });
  assert.deepEqual(p.steps.map((s) => [s.name, s.kind]), [
    ['ingest_billing_events', 'ingest'],
    ['build', 'command'],
    ['source_freshness', 'command'],
    ['run_operation_grant_select', 'command'],
    ['shell', 'shell'],
    ['snapshot', 'command'],
  ]);
  assert.deepEqual(p.steps[0]!.sources, ['billing', 'events']);
  assert.deepEqual(p.steps[1]!.argv, ['build', '--select', 'tag:daily marts', '--vars', '{a: 1}']);
  assert.equal(p.steps[4]!.shell, './scripts/notify.sh done');
  assert.deepEqual([p.steps[1]!.retries, p.steps[1]!.retryDelayMs, p.steps[5]!.retries, p.steps[5]!.timeoutMs], [1, 2000, 3, 300_000]);
  assert.equal(p.ordered, true);
});

test('depends_on orders steps as a DAG and reports cycles and unknown steps with their line', () => {
  const config = parse(`
pipelines:
  - name: dag
    steps:
      - {name: b, command: build, depends_on: [a]}
      - {name: a, ingest: billing}
      - {name: c, shell: 'true', depends_on: a}
`);
  const p = config.pipelines[0]!;
  assert.equal(p.ordered, false);
  assert.deepEqual(stepOrder(p).map((s) => s.name), ['a', 'b', 'c']);

  const cycle = errorOf(() => parse(`pipelines:\n  x:\n    steps:\n      - {name: a, shell: 'true', depends_on: b}\n      - {name: b, shell: 'true', depends_on: a}\n`));
  assert.equal(cycle.code, 'pipeline-invalid');
  assert.match(cycle.message, /cycle: a -> b -> a/);

  const unknown = errorOf(() => parse(`pipelines:\n  x:\n    steps:\n      - shell: 'true'\n      - {name: b, shell: 'true', depends_on: nope}\n`));
  assert.match(unknown.message, /depends on 'nope'/);
  assert.equal(unknown.line, 5);
});

test('bad cron expressions, time zones and keys are user errors pointing at the pipeline', () => {
  assert.match(errorOf(() => parse(`pipelines:\n  x:\n    schedule: 'every day'\n    steps: [build]\n`)).message, /cron expression 'every day'/);
  assert.match(errorOf(() => parse(`pipelines:\n  x:\n    schedule: {cron: '* * * * *', timezone: Mars/Olympus}\n    steps: [build]\n`)).message, /Unknown time zone/);
  const key = errorOf(() => parse(`pipelines:\n  x:\n    stepz: [build]\n`));
  assert.match(key.message, /Unknown key 'stepz'/);
  assert.equal(key.line, 3);
  assert.match(errorOf(() => parse(`pipelines:\n  x:\n    steps: [serve]\n`)).message, /cannot run `serve`/);
  assert.match(errorOf(() => parse(`pipelines:\n  x:\n    steps:\n      - build --vars {a: 1}\n`)).message, /Unknown key 'build --vars \{a'/);
});

test('durations, command lines and day ranges parse as written', () => {
  assert.deepEqual(['500ms', '30s', '5m', '2h', 3].map((d) => parseDuration(d, 'd')), [500, 30_000, 300_000, 7_200_000, 3000]);
  assert.deepEqual(splitCommandLine(`build -s 'a b' "c \\"d\\"" e\\ f`), ['build', '-s', 'a b', 'c "d"', 'e f']);
  assert.deepEqual(daysBetween('2024-02-28', '2024-03-01'), ['2024-02-28', '2024-02-29', '2024-03-01']);
  assert.equal(errorOf(() => daysBetween('2024-02-30', '2024-03-01')).code, 'backfill-invalid');
});

test('env_var in pipelines.yml values reads the environment, falls back to its default, and a missing one names file and line', () => {
  const text = `
pipelines:
  hourly:
    health_check: {url: "{{ env_var('HC_URL') }}", timeout: "{{ env_var('HC_TIMEOUT', '3s') }}"}
    vars: {region: "{{ env_var(\\"REGION\\", 'eu') }}"}
    steps:
      - "build --target {{ env_var('TARGET_NAME') }}"
      - shell: echo \${HOME} stays for the shell
`;
  const env = { HC_URL: 'https://hc.example/ping/0f1e2d3c-secret', TARGET_NAME: 'prod', REGION: '' };
  const [p] = parsePipelines(text, '/project/pipelines.yml', '/project', env).pipelines;
  assert.deepEqual(p?.healthCheck, { url: 'https://hc.example/ping/0f1e2d3c-secret', timeoutMs: 3000 });
  assert.deepEqual(p?.vars, { region: 'eu' }, 'an empty variable takes its default');
  assert.deepEqual(p?.steps.map((s) => s.argv.join(' ') || s.shell), ['build --target prod', 'echo ${HOME} stays for the shell']);
  assert.deepEqual(p?.secrets, ['https://hc.example/ping/0f1e2d3c-secret', 'prod']);

  const missing = errorOf(() => parsePipelines(text, '/project/pipelines.yml', '/project', { TARGET_NAME: 'prod' }));
  assert.equal(missing.code, 'env-var-missing');
  assert.equal(missing.line, 4);
  assert.match(missing.message, /environment variable HC_URL used in pipelines\.yml is not set and has no default/);

  const filtered = errorOf(() => parsePipelines("pipelines:\n  p:\n    steps:\n      - \"shell: echo {{ env_var('N') | int }}\"\n", '/project/pipelines.yml', '/project', { N: '1' }));
  assert.equal(filtered.line, 4);
  assert.match(filtered.message, /only understands env_var written as/);
});

test('a health_check that is not an http(s) URL is refused without printing its path', () => {
  const bad = errorOf(() => parsePipelines("pipelines:\n  p:\n    health_check: \"{{ env_var('HC') }}\"\n    steps: ['shell: true']\n", '/p/pipelines.yml', '/p', { HC: 'ftp://hc.example/token-123456' }));
  assert.equal(bad.line, 3);
  assert.match(bad.message, /is not an http\(s\) URL \(ftp:\/\/hc\.example\/\*\*\*\*\)/);
  assert.ok(!bad.message.includes('token-123456'));
});
