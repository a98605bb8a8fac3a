// End to end: catalog.json written by `docs generate` validates against dbt's published catalog
// v1 JSON schema (test/schemas/catalog/v1.json).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { copyProject, readArtifact, runCli } from '../../cli/test-helpers.js';
import { loadSchemaValidator } from '../../run/artifacts/schema-validator.js';

const validateCatalog = loadSchemaValidator('catalog/v1.json');

interface Catalog {
  metadata: { dbt_schema_version: string };
  nodes: Record<string, { columns: Record<string, unknown>; stats: Record<string, unknown> }>;
  sources: Record<string, unknown>;
}

for (const project of ['test/fixtures/jaffle', 'examples/quickstart']) {
  describe(`catalog.json of ${project}`, () => {
    let dir = '';
    before(async () => {
      dir = await copyProject(project);
    });
    after(() => rm(dir, { recursive: true, force: true }));

    test('docs generate after a build writes a catalog that validates, with every relation and its columns', async () => {
      const build = await runCli(['build', '--project-dir', dir, '-q']);
      assert.equal(build.code, 0, build.err);
      const docs = await runCli(['docs', 'generate', '--project-dir', dir, '-q']);
      assert.equal(docs.code, 0, docs.err);
      const catalog = readArtifact<Catalog>(dir, 'catalog.json');
      const r = validateCatalog(catalog);
      assert.ok(r.valid, r.errors);
      assert.equal(catalog.metadata.dbt_schema_version, 'https://schemas.getdbt.com/dbt/catalog/v1.json');
      const nodes = Object.values(catalog.nodes);
      assert.ok(nodes.length >= 3, `${nodes.length} nodes`);
      assert.ok(nodes.every((n) => Object.keys(n.columns).length > 0));
    });

    test('a catalog of a project never built (no relations yet) validates too', async () => {
      const fresh = await copyProject(project);
      try {
        const docs = await runCli(['docs', 'generate', '--project-dir', fresh, '-q']);
        assert.equal(docs.code, 0, docs.err);
        const r = validateCatalog(readArtifact(fresh, 'catalog.json'));
        assert.ok(r.valid, r.errors);
      } finally {
        await rm(fresh, { recursive: true, force: true });
      }
    });
  });
}
