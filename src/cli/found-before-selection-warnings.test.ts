// End to end: dbt compiles the graph, printing its Found line, before it selects nodes, so a
// selection warning (a criterion that matches nothing) comes after the Found line, for node
// commands and source freshness alike.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { main } from './main.js';
import { newProject, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('quarry');
  writeProjectFile(dir, 'models/stones.sql', 'select 1 as stone_id\n');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the Found line comes before the warning of a selection that matches nothing', async () => {
  for (const args of [['run'], ['compile'], ['source', 'freshness']]) {
    // Both streams into one list, in the order the lines are written.
    const lines: string[] = [];
    const code = await main([...args, '--project-dir', dir, '-s', 'no_such_stone'], { sink: { out: (l) => lines.push(l), err: (l) => lines.push(l) } });
    const text = lines.join('\n');
    assert.equal(code, 0, text);
    const found = text.indexOf('Found 1 model');
    const warning = text.indexOf("The selection criterion 'no_such_stone' does not match any enabled nodes");
    assert.ok(found >= 0 && warning > found, `${args.join(' ')}:\n${text}`);
  }
});
