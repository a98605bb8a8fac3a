// End to end: source() renders with the quoting dbt gives the source's relation: the source's
// and table's own `quoting:` over the root project's `quoting:`, over quoting everything. The
// compiled SQL and the manifest's relation_name agree.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const SOURCES = `version: 2
sources:
  - name: archive
    schema: Vault
    quoting:
      identifier: true
    tables:
      - name: Reels
  - name: plain
    schema: Vault
    tables:
      - name: Reels
`;

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-source-quoting-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: vault\nprofile: vault\nquoting:\n  identifier: false\n');
  writeProjectFile(dir, 'profiles.yml', 'vault:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: vault.duckdb\n');
  writeProjectFile(dir, 'models/sources.yml', SOURCES);
  writeProjectFile(dir, 'models/from_archive.sql', "select * from {{ source('archive', 'Reels') }}\n");
  writeProjectFile(dir, 'models/from_plain.sql', "select * from {{ source('plain', 'Reels') }}\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const compiled = (model: string): string => readFileSync(join(dir, 'target/compiled/vault/models', `${model}.sql`), 'utf8').trim();

test("a source's own quoting: wins over the project's, and the project's applies where the source sets none", async () => {
  const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
  assert.equal(compiled('from_archive'), 'select * from "vault"."Vault"."Reels"');
  assert.equal(compiled('from_plain'), 'select * from "vault"."Vault".Reels');
  const sources = readArtifact<{ sources: Record<string, { relation_name: string }> }>(dir, 'manifest.json').sources;
  assert.equal(sources['source.vault.archive.Reels']!.relation_name, '"vault"."Vault"."Reels"');
  assert.equal(sources['source.vault.plain.Reels']!.relation_name, '"vault"."Vault".Reels');
});
