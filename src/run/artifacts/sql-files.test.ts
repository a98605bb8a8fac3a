import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { realisticManifest } from './manifest-fixture.js';
import { targetWritePath, writeCompiledSql, writeRunSql } from './sql-files.js';

describe('compiled and run SQL files', () => {
  const manifest = realisticManifest();
  const model = manifest.nodes['model.streaming.fct_watch']!;
  const generic = manifest.nodes['test.streaming.not_null_fct_watch_user_id.5a1b2c']!;

  it('lays files out as dbt does, generic tests under their YAML file', () => {
    assert.equal(targetWritePath(model), join('streaming', 'models', 'marts', 'fct_watch.sql'));
    assert.equal(targetWritePath(generic), join('streaming', 'models', 'marts', 'schema.yml', 'not_null_fct_watch_user_id.sql'));
  });

  it('nests every snapshot under its file by name, as a file may define several', async () => {
    const snapshot = { ...model, resource_type: 'snapshot' as const, name: 'orders_history', path: 'orders_history.sql', original_file_path: 'snapshots/orders_history.sql' };
    assert.equal(targetWritePath(snapshot), join('streaming', 'snapshots', 'orders_history.sql', 'orders_history.sql'));
    const dir = await mkdtemp(join(tmpdir(), 'rh-sql-'));
    try {
      assert.equal(await writeCompiledSql(snapshot, join(dir, 'target')), join(dir, 'target', 'compiled', targetWritePath(snapshot)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('places a file where path.join would, whether or not the node paths are clean', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rh-sql-'));
    try {
      const cases: [string, string][] = [
        ['marts/fct.sql', 'models/marts/fct.sql'],
        ['not_null_x.sql', 'models/schema.yml'],
        ['./a/../b.sql', 'models//b.sql'],
        ['b.sql', 'models/sub/'],
      ];
      for (const [path, original] of cases) {
        for (const target of [join(dir, 'target'), join(dir, 'x', '..', 'target2')]) {
          const node = { ...model, path, original_file_path: original, compiled_code: `-- ${path}` };
          const file = await writeCompiledSql(node, target);
          assert.equal(file, join(target, 'compiled', targetWritePath(node)));
          assert.equal(node.compiled_path, join('target' + (target.endsWith('2') ? '2' : ''), 'compiled', targetWritePath(node)));
          assert.equal(await readFile(file, 'utf8'), `-- ${path}`);
          assert.equal(await writeRunSql(node, target, 'select 1'), join(target, 'run', targetWritePath(node)));
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes compiled and executed SQL under target/compiled and target/run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rh-sql-'));
    try {
      const target = join(dir, 'target');
      await writeCompiledSql(model, target);
      assert.equal(await readFile(join(target, 'compiled', 'streaming', 'models', 'marts', 'fct_watch.sql'), 'utf8'), model.compiled_code);
      assert.equal(model.compiled_path, join('target', 'compiled', 'streaming', 'models', 'marts', 'fct_watch.sql'));
      await writeRunSql(generic, target, 'select count(*) from x');
      assert.equal(await readFile(join(target, 'run', 'streaming', 'models', 'marts', 'schema.yml', 'not_null_fct_watch_user_id.sql'), 'utf8'), 'select count(*) from x\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
