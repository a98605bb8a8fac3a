// dbt refuses a docs.node_color that is neither an HTML color name nor a hex code, wherever it is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

async function loadError(files: Record<string, string>, projectYaml = ''): Promise<Error | undefined> {
  const p = await writeProject({ 'dbt_project.yml': `name: easel\nprofile: easel\n${projectYaml}`, 'models/canvas.sql': 'select 1 as id', ...files });
  try {
    await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await p.cleanup();
  }
}

const MESSAGE = 'Invalid color name for docs.node_color: paint. It is neither a valid HTML color name nor a valid HEX code.';

test("a model's node_color from YAML that is no color fails to parse with dbt's message", async () => {
  assert.equal((await loadError({ 'models/props.yml': 'models:\n  - name: canvas\n    docs: {node_color: paint}\n' }))?.message, MESSAGE);
});

test('a node_color from dbt_project.yml is checked too', async () => {
  assert.equal((await loadError({}, 'models:\n  easel:\n    +docs:\n      node_color: paint\n'))?.message, MESSAGE);
});

test('HTML color names in any case and 3- or 6-digit hex codes load', async () => {
  assert.equal(await loadError({ 'models/props.yml': 'models:\n  - name: canvas\n    config: {docs: {node_color: DarkSlateGray}}\n' }), undefined);
  assert.equal(await loadError({ 'models/props.yml': 'models:\n  - name: canvas\n    docs: {node_color: "#A1b"}\n' }), undefined);
  assert.equal(await loadError({}, 'models:\n  easel:\n    +docs:\n      node_color: "#1f77b4"\n'), undefined);
});
