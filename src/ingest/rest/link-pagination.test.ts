import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb } from '../../adapters/duckdb/index.js';
import { loadIngestConfig } from '../config/load-ingest-config.js';
import { runIngest } from '../run-ingest.js';
import { nextLink } from './rest-client.js';

/** An API that pages with Link headers, as GitHub and GitLab do: three pages of two titles, the last without a next link. */
async function linkApi(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const page = Number(url.searchParams.get('page') ?? '1');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // The first link is relative and the next absolute: both forms occur in the wild.
    if (page === 1) headers.link = `</titles?page=2&per_page=2>; rel="next", </titles?page=3&per_page=2>; rel="last"`;
    if (page === 2) headers.link = `<http://127.0.0.1:${(server.address() as AddressInfo).port}/titles?page=3&per_page=2>; rel="next", </titles?page=1>; rel="prev"`;
    res.writeHead(200, headers);
    res.end(JSON.stringify([{ title_id: page * 2 - 1, title: `T${page}a` }, { title_id: page * 2, title: `T${page}b` }]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

test('Link-header pagination follows rel="next" to the last page; without it the first page comes with a hint', async () => {
  const api = await linkApi();
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-link-'));
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb') });
  try {
    const yml = (pagination: string): string =>
      `sources:\n  titles:\n    type: rest\n    base_url: ${api.url}\n    endpoint: /titles\n    records_path: ''\n    table: titles\n${pagination}`;
    await writeFile(join(dir, 'ingest.yml'), yml('    pagination: { type: link, page_size_param: per_page, page_size: 2 }\n'));
    const [summary] = await runIngest(loadIngestConfig(dir, {}), db);
    assert.equal(summary?.status, 'success', JSON.stringify(summary?.error));
    assert.deepEqual(api.requests, ['/titles?per_page=2', '/titles?page=2&per_page=2', '/titles?page=3&per_page=2']);
    assert.deepEqual((await db.execute('SELECT title_id, title FROM raw.titles ORDER BY title_id')).rows, [
      [1, 'T1a'], [2, 'T1b'], [3, 'T2a'], [4, 'T2b'], [5, 'T3a'], [6, 'T3b'],
    ]);

    await writeFile(join(dir, 'ingest.yml'), yml(''));
    const logged: string[] = [];
    await runIngest(loadIngestConfig(dir, {}), db, [], { log: (line) => logged.push(line) });
    assert.match(logged.join('\n'), /links a next page, but the source has no pagination; set pagination: \{ type: link \}/);
  } finally {
    await db.close();
    await new Promise((resolve) => api.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
});

test('nextLink reads rel="next" among several relations and ignores the others', () => {
  assert.equal(nextLink('<https://api.example.com/x?page=2>; rel="next", <https://api.example.com/x?page=9>; rel="last"'), 'https://api.example.com/x?page=2');
  assert.equal(nextLink('<https://api.example.com/x?page=1>; rel="prev first"'), undefined);
  assert.equal(nextLink('<a?b=1,2>; rel=next'), 'a?b=1,2');
  assert.equal(nextLink(null), undefined);
});
