// A MotherDuck path (md:name) names a database of the service, not a file: it is handed to DuckDB
// as written, and when its extension is missing the error says what a md: path needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb } from './open-duckdb.js';

test('a md: or URL path is never created as a local file, and failing to open md: names MotherDuck', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-motherduck-'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    // Where the extension is installed and the service reachable, it opens; elsewhere the error says why.
    await openDuckDb({ path: 'md:my_db' }).then(
      (db) => db.close(),
      (error: Error) => assert.match(error.message, /Could not open the MotherDuck database md:my_db/u),
    );
    // A database file behind a URL is read through DuckDB's file system for it, never created here.
    await openDuckDb({ path: 's3://warehouse-bucket/prod.duckdb' }).then(
      (db) => db.close(),
      (error: Error) => assert.match(error.message, /Could not open the warehouse s3:\/\/warehouse-bucket\/prod\.duckdb/u),
    );
    assert.deepEqual(await readdir(dir), [], 'nothing written in the working folder');
  } finally {
    process.chdir(cwd);
    await rm(dir, { recursive: true, force: true });
  }
});
