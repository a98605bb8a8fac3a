// End to end: templates read dbt's multi-value selection flags (--select, --exclude,
// --resource-type, --exclude-resource-type) as the tuples click gives dbt, () when not given,
// in flags and in invocation_args_dict alike; tojson still writes them as lists.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('quarry', 'on-run-end: ["{{ show_selection() }}"]\n');
  writeProjectFile(dir, 'models/slabs.sql', 'select 1 as slab_id\n');
  writeProjectFile(dir, 'models/blocks.sql', 'select 1 as block_id\n');
  writeProjectFile(dir, 'macros/show_selection.sql', [
    '{% macro show_selection() %}',
    "{% do log('SEL ' ~ flags.SELECT ~ '|' ~ flags.EXCLUDE ~ '|' ~ flags.RESOURCE_TYPES ~ '|' ~ invocation_args_dict.select ~ '|' ~ tojson(invocation_args_dict.select) ~ '|' ~ (flags.SELECT == []), info=true) %}",
    '{% endmacro %}',
  ].join('\n'));
});
after(async () => rm(dir, { recursive: true, force: true }));

test('flags.SELECT and its kin are tuples, () when not given', async () => {
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /SEL \(\)\|\(\)\|\(\)\|\(\)\|\[\]\|False$/mu);
});

test('given on the command line they hold the names as a tuple', async () => {
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '-s', 'slabs', 'blocks', '--exclude', 'blocks', '--resource-type', 'model']);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /SEL \('slabs', 'blocks'\)\|\('blocks',\)\|\('model',\)\|\('slabs', 'blocks'\)\|\["slabs", "blocks"\]\|False$/mu);
});
