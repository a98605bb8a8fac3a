// Test helpers: a small real dbt-format project in a temp folder, and a health-check receiver.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes a project (dbt_project.yml, profiles.yml on `warehouse.duckdb`, two models) plus `files`; returns its folder. */
export async function makeTempProject(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-orch-'));
  const all: Record<string, string> = {
    'dbt_project.yml': "name: orch\nversion: '1.0.0'\nconfig-version: 2\nprofile: orch\nmodel-paths: [models]\n",
    'profiles.yml': 'orch:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse.duckdb\n      schema: main\n      threads: 1\n',
    'models/first_model.sql': "{{ config(materialized='table') }}\nselect 1 as id, '{{ var(\"run_date\", \"none\") }}' as run_date\n",
    'models/second_model.sql': "select id * 2 as doubled from {{ ref('first_model') }}\n",
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** Removes a temp project. */
export function removeTempProject(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** A real HTTP server on 127.0.0.1 recording the paths it was pinged on, as healthchecks.io would receive them. */
export interface HealthReceiver {
  url: string;
  /** Paths relative to the check URL: `start`, `` (success), `fail`. */
  pings: { kind: string; rid: string | null; body: string }[];
  close(): Promise<void>;
}

/** Starts a health-check receiver whose check URL is `<url>` (pings go to `<url>`, `<url>/start`, `<url>/fail`). */
export async function startHealthReceiver(): Promise<HealthReceiver> {
  const pings: HealthReceiver['pings'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const rest = url.pathname.replace(/^\/check\/?/, '');
      pings.push({ kind: rest === '' ? 'success' : rest, rid: url.searchParams.get('rid'), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/check`,
    pings,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/** Waits until `check` is true (polling), failing after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
