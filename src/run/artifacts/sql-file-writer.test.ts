import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

  // Linux only: elsewhere threads are not listed under /proc and keep their priority.
  it('writes from a thread of lower priority than the one queueing the files', { skip: !existsSync('/proc/thread-self') }, async () => {
    const own = niceness(process.pid);
    if (own >= 10) return; // Already below the writer's priority: nothing to lower.
    const dir = await mkdtemp(join(tmpdir(), 'rh-writer-'));
    const files = new SqlFileWriter(0);
    try {
      // Enough files for the first batch to go to the worker before flush.
      for (let i = 0; i < 600; i++) files.write(join(dir, `m_${i}.sql`), `select ${i}\n`);
      let lowered: number[] = [];
      for (let i = 0; i < 500 && lowered.length === 0; i++) {
        lowered = threadIds().filter((tid) => niceness(tid) > own);
        if (lowered.length === 0) await sleep(20);
      }
      assert.equal(lowered.length, 1, 'one thread, the writer, runs at a lower priority');
      assert.equal(niceness(lowered[0]!), 10);
      await files.flush();
      assert.equal(await readFile(join(dir, 'm_599.sql'), 'utf8'), 'select 599\n');
    } finally {
      await files.close();
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

function threadIds(): number[] {
  return readdirSync('/proc/self/task').map(Number);
}

/** A thread's niceness, from its stat line (the 19th field; the name before it may hold spaces). */
function niceness(tid: number): number {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  } catch {
    return Number.NaN; // The thread ended meanwhile.
  }
}
