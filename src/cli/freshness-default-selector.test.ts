// End to end: `source freshness` picks its sources as dbt's graph tasks do. A selectors.yml
// selector marked `default: true` is named right after the Found line when no selection is
// given, and a selection with no source to check is dbt's NothingToDo warning: no hooks, no
// Finished line, an empty sources.json, then `Done.`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli(['source', 'freshness', ...args, '--project-dir', dir, '--profiles-dir', dir]);
const lines = (text: string): string[] => text.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, '')).filter((l) => l.trim() !== '');

before(async () => {
  dir = await newProject('marquee', "on-run-start: \"create table if not exists main.hook_marks as select 1 as mark\"\n");
  writeProjectFile(dir, 'seeds/tickets.csv', 'ticket_id,sold_at\n1,2020-01-01 00:00:00\n');
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: box_office',
    '    schema: main',
    '    tables:',
    '      - name: tickets',
    '        loaded_at_field: sold_at',
    '        config: {freshness: {warn_after: {count: 1, period: day}}}',
    '      - name: refunds',
    '        identifier: tickets',
    '        loaded_at_field: sold_at',
    '        config: {freshness: {warn_after: {count: 1, period: day}}}',
    '      - name: untracked',
    '        identifier: tickets',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'selectors.yml', [
    'selectors:',
    '  - name: ticket_desk',
    '    default: true',
    '    definition: "source:box_office.tickets"',
    '',
  ].join('\n'));
  const seed = await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(seed.code, 0, seed.out + seed.err);
});
after(() => rm(dir, { recursive: true, force: true }));

test('freshness without a selection names the default selector after the Found line and checks only its sources', async () => {
  const run = await cli();
  const out = lines(run.out);
  const found = out.findIndex((l) => l.startsWith('Found '));
  assert.ok(found >= 0, run.out);
  assert.equal(out[found + 1], 'Using default selector ticket_desk', run.out);
  assert.match(run.out, /1 of 1 START freshness of box_office\.tickets/u);
  assert.doesNotMatch(run.out, /refunds/u);
});

test('freshness that selects no checkable source prints dbt\'s NothingToDo line, runs no hooks and writes empty results', async () => {
  const run = await cli('-s', 'source:box_office.untracked');
  assert.equal(run.code, 0, run.out + run.err);
  const out = lines(run.out + run.err);
  const found = out.findIndex((l) => l.startsWith('Found '));
  assert.ok(found >= 0, run.out);
  assert.equal(out[found + 1], 'Nothing to do. Try checking your model configs and model specification args', out.join('\n'));
  assert.equal(out[out.length - 1], 'Done.', out.join('\n'));
  assert.doesNotMatch(run.out + run.err, /No sources with freshness|project hook|Concurrency|Finished running|Using default selector/u);
  const sources = readArtifact<{ results: unknown[]; elapsed_time: number }>(dir, 'sources.json');
  assert.deepEqual(sources.results, []);
  // As dbt's result for an empty selection: not timed.
  assert.equal(sources.elapsed_time, 0);
});

test("the default selector line is dbt's DefaultSelector event (Q023) in the JSON log", async () => {
  const run = await cli('--log-format', 'json');
  const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { info: { name: string; code: string }; data: Record<string, unknown> });
  const event = events.find((e) => e.info.name === 'DefaultSelector');
  assert.ok(event, run.out);
  assert.equal(event.info.code, 'Q023');
  assert.deepEqual(event.data, { name: 'ticket_desk' });
});
