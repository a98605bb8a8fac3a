import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SqlFileWriter } from './sql-file-writer.js';

describe('background SQL file writer', () => {
  it('writes every queued file, folders included, by the time flush resolves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rh-writer-'));
    try {
      const files = new SqlFileWriter(10);
      const paths = Array.from({ length: 500 }, (_, i) => join(dir, `folder_${i % 7}`, 'schema.yml', `test_${i}.sql`));
      paths.forEach((p, i) => files.write(p, `select ${i}\n`));
      await files.flush();
      const texts = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
      assert.deepEqual(texts, paths.map((_, i) => `select ${i}\n`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects flush with the file that could not be written, after writing the others', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rh-writer-'));
    try {
      await writeFile(join(dir, 'blocker'), 'a file where a folder should be');
      const files = new SqlFileWriter(0);
      const bad = join(dir, 'blocker', 'x.sql');
      files.write(join(dir, 'a', 'first.sql'), 'select 1');
      files.write(bad, 'select 2');
      files.write(join(dir, 'a', 'last.sql'), 'select 3');
      await assert.rejects(files.flush(), (e: Error) => e.message.includes(bad));
      assert.equal(await readFile(join(dir, 'a', 'first.sql'), 'utf8'), 'select 1');
      assert.equal(await readFile(join(dir, 'a', 'last.sql'), 'utf8'), 'select 3');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
