import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from '../project/context/index.js';
import { loadProject } from '../project/load/index.js';
import { CLEAN_ENV, writeFiles, writeProject } from '../project/load/test-project.js';
import { checkUniqueRelations } from './unique-relations.js';

const OPTIONS = { invocationId: 'kiln-check', runStartedAt: new Date('2025-03-01T00:00:00Z') };

test('two models aliased to one relation are refused as dbt does; other schemas and ephemeral models are fine', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: kiln\n',
    'models/bowls.sql': "{{ config(alias='pottery') }}\nselect 1 as id",
    'models/vases.sql': "{{ config(alias='pottery', schema='upstairs') }}\nselect 2 as id",
    'models/cups.sql': "{{ config(alias='pottery', materialized='ephemeral') }}\nselect 3 as id",
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const parse = () => createRenderer(loaded, OPTIONS).parse(loaded.manifest);
    assert.doesNotThrow(() => checkUniqueRelations(parse()));
    await writeFiles(p.dir, { 'models/plates.sql': "{{ config(alias='pottery') }}\nselect 4 as id" });
    const again = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const manifest = createRenderer(again, OPTIONS).parse(again.manifest);
    assert.throws(() => checkUniqueRelations(manifest), (error: Error) => {
      assert.match(error.message, /dbt found two resources with the database representation "[^"]+\.main\.pottery"/u);
      assert.match(error.message, /- model\.kiln\.bowls \(models\/bowls\.sql\)\n- model\.kiln\.plates \(models\/plates\.sql\)/u);
      return true;
    });
  } finally {
    await p.cleanup();
  }
});
