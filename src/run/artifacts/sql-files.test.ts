import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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

  it("runs a SQL file's snapshots into that file's own path, a YAML snapshot under its YAML file, and compiles no snapshot file", async () => {
    // As dbt 1.10: a SQL snapshot's path is its file's, whatever the snapshot's name.
    const snapshot = { ...model, resource_type: 'snapshot' as const, name: 'orders_copy', path: 'orders_history.sql', original_file_path: 'snapshots/orders_history.sql', compiled_path: undefined };
    assert.equal(targetWritePath(snapshot), join('streaming', 'snapshots', 'orders_history.sql'));
    const yaml = { ...snapshot, name: 'users_history', path: 'users_history.sql', original_file_path: 'snapshots/snaps.yml' };
    assert.equal(targetWritePath(yaml), join('streaming', 'snapshots', 'snaps.yml', 'users_history.sql'));
    const dir = await mkdtemp(join(tmpdir(), 'rh-sql-'));
    try {
      const target = join(dir, 'target');
      assert.equal(await writeCompiledSql(snapshot, target), null);
      assert.equal(snapshot.compiled_path, undefined);
      assert.equal(existsSync(join(target, 'compiled')), false);
      // A folder an earlier layout left where the run file goes is replaced by the file.
      mkdirSync(join(target, 'run', 'streaming', 'snapshots', 'orders_history.sql'), { recursive: true });
      writeFileSync(join(target, 'run', 'streaming', 'snapshots', 'orders_history.sql', 'orders_history.sql'), 'old');
      assert.equal(await writeRunSql(snapshot, target, 'select 1'), join(target, 'run', 'streaming', 'snapshots', 'orders_history.sql'));
      assert.equal(await readFile(join(target, 'run', 'streaming', 'snapshots', 'orders_history.sql'), 'utf8'), 'select 1');
      assert.equal(snapshot.build_path, join('target', 'run', 'streaming', 'snapshots', 'orders_history.sql'));
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
      assert.equal(await readFile(join(target, 'run', 'streaming', 'models', 'marts', 'schema.yml', 'not_null_fct_watch_user_id.sql'), 'utf8'), 'select count(*) from x', 'the SQL as sent, with no line end added');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
