import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { executeInvocation } from '../run/execute-invocation.js';
import { Logger } from '../run/logger.js';
import { generateCatalog } from './docs/catalog.js';
import { BuildEventHub } from './live/build-events.js';
import { createProjectWebApp } from './project-web-app.js';
import { serveWebApp, type RunningServer } from './serve-web-app.js';
import { buildQuickstart, expectedKpis, type BuiltQuickstart } from './testing/built-quickstart.js';

let q: BuiltQuickstart;
let server: RunningServer;
let hub: BuildEventHub;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}/api/web${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

const tile = (name: string, filters?: unknown) => call('POST', `/dashboards/monthly_kpis/tiles/${name}`, filters === undefined ? {} : { filters });

before(async () => {
  q = await buildQuickstart();
  const catalog = await generateCatalog(q.session.adapter!, q.session.manifest, { invocationId: 'web-test' });
  await writeFile(join(q.dir, 'target', 'catalog.json'), JSON.stringify(catalog));
  hub = new BuildEventHub();
  const { handler, dashboards } = createProjectWebApp(q.session, { events: hub });
  assert.deepEqual(dashboards.diagnostics, []);
  server = await serveWebApp(handler, { port: 0 });
});

after(async () => {
  await server?.close();
  await q?.dispose();
});

describe('dashboards API on a built project', () => {
  it('listens on 127.0.0.1 and lists dashboards without their SQL', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, json } = await call('GET', '/dashboards');
    assert.equal(status, 200);
    assert.deepEqual(json.dashboards.map((d: { name: string }) => d.name), ['monthly_kpis']);
    const text = JSON.stringify(json);
    assert.doesNotMatch(text, /"sql"|ref\(|\$months|\bfrom \{/i);
    assert.deepEqual(json.dashboards[0].dependsOn, ['model.quickstart.fact_user_monthly_metrics', 'model.quickstart.stg_users']);
  });

  it('runs a KPI tile with default filters and returns the numbers computed from the raw CSVs', async () => {
    const defaults = await call('GET', '/dashboards/monthly_kpis/defaults');
    const range = defaults.json.filters.months as { start: string; end: string };
    const expected = expectedKpis(q, range);
    assert.deepEqual(range, { start: expected.months[0], end: expected.months.at(-1) });
    const mau = await tile('mau');
    assert.equal(mau.status, 200, JSON.stringify(mau.json));
    assert.deepEqual(mau.json.rows, expected.months.map((m, i) => [m, expected.mau[i]]));
    const revenue = await tile('revenue');
    assert.deepEqual(revenue.json.rows.map((r: unknown[]) => Number(r[1])), expected.revenue);
    const total = await tile('total_revenue');
    assert.equal(Number(total.json.rows[0][0]), expected.totalRevenue);
  });

  it('binds date range and multi-select values as parameters', async () => {
    const filters = { months: { start: '2023-02-01', end: '2023-03-01' }, country: ['US'] };
    const expected = expectedKpis(q, { start: '2023-02-01', end: '2023-03-01', countries: ['US'] });
    const mau = await tile('mau', filters);
    assert.deepEqual(mau.json.rows, expected.months.map((m, i) => [m, expected.mau[i]]));
    const total = await tile('total_revenue', filters);
    assert.equal(Number(total.json.rows[0][0]), expected.totalRevenue);
    const none = await tile('mau', { country: ['DE'] });
    const de = expectedKpis(q, { start: '2023-01-01', end: '2023-03-01', countries: ['DE'] });
    assert.deepEqual(none.json.rows.map((r: unknown[]) => r[1]), de.mau);
  });

  it('refuses filter values of the wrong type, unknown filters and unknown values', async () => {
    const cases: [unknown, RegExp][] = [
      [{ months: { start: '2023-01-01', end: 'tomorrow' } }, /YYYY-MM-DD/],
      [{ months: { start: '2023-02-30', end: '2023-03-01' } }, /YYYY-MM-DD/],
      [{ months: { start: '2023-03-01', end: '2023-01-01' } }, /after/],
      [{ months: '2023-01-01' }, /start, end/],
      [{ country: 'US' }, /list of text/],
      [{ country: [1, 2] }, /list of text/],
      [{ country: ["US' or 1=1 --"] }, /no value/],
      [{ plan: ['basic'] }, /no filter named 'plan'/],
      [['US'], /filters must be an object/],
    ];
    for (const [filters, message] of cases) {
      const res = await tile('mau', filters);
      assert.equal(res.status, 400, JSON.stringify(filters));
      assert.match(res.json.error.message, message);
    }
  });

  it('never takes SQL from the client', async () => {
    const withSql = await call('POST', '/dashboards/monthly_kpis/tiles/mau', { sql: 'select 42', filters: {} });
    assert.equal(withSql.status, 400);
    assert.match(withSql.json.error.message, /Unexpected field 'sql'/);
    const missing = await call('POST', '/dashboards/monthly_kpis/tiles/drop_everything', {});
    assert.equal(missing.status, 404);
    const explorer = await call('POST', '/sql', { sql: 'select 1' });
    assert.equal(explorer.status, 404);
    assert.match(explorer.json.error.message, /--sql-explorer/);
    const notJson = await fetch(`${server.url}/api/web/dashboards/monthly_kpis/tiles/mau`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } });
    assert.equal(notJson.status, 415);
  });

  it('refuses writes from other origins', async () => {
    const res = await call('POST', '/dashboards/monthly_kpis/tiles/mau', {}, { origin: 'http://evil.example' });
    assert.equal(res.status, 403);
  });

  it('lists filter options from the declared query', async () => {
    const res = await call('GET', '/dashboards/monthly_kpis/filters/country/options');
    const countries = [...new Set(q.csv('users_raw').map((u) => u.country!.toUpperCase()))].sort();
    assert.deepEqual(res.json.values, countries);
  });
});

describe('docs, lineage and runs API', () => {
  it('serves the index and a node page with catalog stats and test results', async () => {
    const index = await call('GET', '/docs/index');
    const ids = index.json.entries.map((e: { id: string }) => e.id);
    for (const id of Object.keys(q.session.manifest.nodes)) assert.ok(ids.includes(id), id);
    const page = await call('GET', `/docs/nodes/${encodeURIComponent('model.quickstart.mart_monthly_kpis')}`);
    assert.equal(page.status, 200);
    const months = new Set(q.csv('payments_raw').map((p) => p.payment_date!.slice(0, 7)));
    assert.equal(page.json.catalog.stats.row_count.value, months.size);
    assert.equal(page.json.catalog.columns.month.type, 'DATE');
    assert.ok(page.json.compiledCode.includes('"quickstart"."analytics"."fact_user_monthly_metrics"'));
    const tests = page.json.tests.map((t: { test: string; status: string }) => `${t.test}:${t.status}`).sort();
    assert.deepEqual(tests, ['not_null:pass', 'unique:pass']);
    const missing = await call('GET', '/docs/nodes/model.quickstart.nope');
    assert.equal(missing.status, 404);
  });

  it('draws the lineage with the dashboard as an exposure', async () => {
    const { json } = await call('GET', '/lineage');
    const ids = json.nodes.map((n: { id: string }) => n.id);
    assert.ok(ids.includes('exposure.quickstart.monthly_kpis'));
    assert.ok(!ids.some((id: string) => id.startsWith('test.')));
    const edges = new Set(json.edges.map((e: string[]) => e.join(' -> ')));
    assert.ok(edges.has('model.quickstart.stg_users -> exposure.quickstart.monthly_kpis'));
    assert.ok(edges.has('model.quickstart.fact_user_monthly_metrics -> exposure.quickstart.monthly_kpis'));
    for (const [child, parents] of Object.entries(q.session.manifest.parent_map)) {
      if (!ids.includes(child)) continue;
      for (const p of parents) if (ids.includes(p)) assert.ok(edges.has(`${p} -> ${child}`), `${p} -> ${child}`);
    }
  });

  it('shows the last invocation as a run with per-node timings', async () => {
    const runs = await call('GET', '/runs');
    assert.equal(runs.json.source, 'run_results');
    assert.equal(runs.json.runs.length, 1);
    const run = await call('GET', `/runs/${runs.json.runs[0].id}`);
    assert.equal(run.json.status, 'success');
    const node = run.json.nodes.find((n: { uniqueId: string }) => n.uniqueId === 'model.quickstart.mart_monthly_kpis');
    assert.equal(node.status, 'success');
    assert.ok(Date.parse(node.completedAt) >= Date.parse(node.startedAt));
  });

  it('streams build progress over server-sent events', async () => {
    const events: { name: string; data: Record<string, unknown> }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request(`${server.url}/api/web/events`, (res) => {
        assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
            const frame = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const data = frame.split('\n').find((l) => l.startsWith('data: '));
            if (!data) continue;
            const event = JSON.parse(data.slice(6));
            events.push(event);
            if (event.name === 'LogModelResult' && (event.data.node_info as { unique_id: string }).unique_id === 'model.quickstart.mart_monthly_kpis') {
              req.destroy();
              resolve();
            }
          }
        });
      });
      req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    const logger = new Logger({ format: 'json', invocationId: 'sse-test', sink: hub.jsonSink(), timestamps: false });
    const session = { ...q.session, logger };
    await executeInvocation(session, { command: 'run', select: ['mart_monthly_kpis'], fullRefresh: false, failFast: false, storeFailures: false, args: { which: 'run' } });
    await done;
    const names = events.map((e) => e.name);
    assert.ok(names.includes('LogStartLine'));
    assert.ok(names.includes('LogModelResult'));
  });
});
