import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompiledNode, NodeConfig } from '../project/types.js';
import { recoverLocation, sidecars } from './external-files.js';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

describe('external materialization', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
    await wh.adapter.execute('create table main.streams (day date, game varchar, viewers int)');
    await wh.adapter.execute(`insert into main.streams values
      ('2024-01-01', 'chess', 10), ('2024-01-01', 'go', 5), ('2024-01-02', 'chess', 12), ('2024-01-03', 'chess', 7)`);
  });
  after(async () => {
    await wh.dispose();
  });

  const model = (name: string, sql: string, config: Partial<NodeConfig>): CompiledNode =>
    makeNode(wh.database, { name, compiled_code: sql, config: { materialized: 'external', ...config } });
  const run = async (node: CompiledNode, extra: { fullRefresh?: boolean } = {}) => {
    const result = await materializeNode(makeContext(wh.adapter, node, { projectDir: wh.dir, externalRoot: 'lake', ...extra }));
    assert.equal(result.status, 'success', result.message);
    return result;
  };
  /** Every file under a folder with its modification time and bytes. */
  const fingerprint = async (root: string) => {
    const out = new Map<string, { mtime: number; bytes: string }>();
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) await walk(path);
        else out.set(path.slice(root.length + 1), { mtime: (await stat(path)).mtimeMs, bytes: (await readFile(path)).toString('base64') });
      }
    };
    await walk(root);
    return out;
  };

  it('writes a Parquet file at {external_root}/{alias}.parquet and a view over it', async () => {
    const node = model('games', 'select game, sum(viewers)::int as viewers from main.streams group by game', { options: { compression: 'zstd' } });
    const result = await run(node);
    assert.equal(result.relation?.type, 'view');
    assert.ok(existsSync(join(wh.dir, 'lake', 'games.parquet')));
    assert.deepEqual(await wh.rows('select * from main.games order by game'), [
      { game: 'chess', viewers: 29 },
      { game: 'go', viewers: 5 },
    ]);
    const codec = await wh.rows(`select distinct compression from parquet_metadata('${join(wh.dir, 'lake', 'games.parquet')}')`);
    assert.deepEqual(codec, [{ compression: 'ZSTD' }]);
    node.compiled_code = "select 'poker' as game, 1 as viewers";
    await run(node);
    assert.deepEqual(await wh.rows('select * from main.games'), [{ game: 'poker', viewers: 1 }]);
    assert.deepEqual((await readdir(join(wh.dir, 'lake'))).filter((f) => f.startsWith('.')), [], 'no staging files left');
  });

  it("reports a written file as dbt-duckdb does: message 'OK', the row count in rows_affected", async () => {
    const result = await run(model('game_list', 'select distinct game from main.streams', {}));
    assert.equal(result.message, 'OK');
    assert.deepEqual(result.adapterResponse, { _message: 'OK', code: 'COPY', rows_affected: 2 });
  });

  it('writes CSV and JSON at a configured location, format from the extension or config', async () => {
    const csv = model('games_csv', "select 1 as id, 'a;b' as label", { location: 'out/games.csv', delimiter: '|' });
    await run(csv);
    assert.equal((await readFile(join(wh.dir, 'out', 'games.csv'), 'utf8')).trim(), 'id|label\n1|a;b');
    assert.deepEqual(await wh.rows('select * from main.games_csv'), [{ id: 1, label: 'a;b' }]);
    const json = model('games_json', "select 2 as id, 'x' as label", { location: 'out/games.data', format: 'json' });
    await run(json);
    assert.deepEqual(JSON.parse(await readFile(join(wh.dir, 'out', 'games.data'), 'utf8')), { id: 2, label: 'x' });
    assert.deepEqual(await wh.rows('select * from main.games_json'), [{ id: 2, label: 'x' }]);
  });

  it('keeps the names and types of an empty CSV or JSON model, and passes <format>_read_options to the reader', async () => {
    for (const format of ['csv', 'json']) {
      const empty = model(`no_games_${format}`, "select 1 as id, 'x' as label, date '2024-01-01' as day where false", { format });
      await run(empty);
      assert.deepEqual(
        (await wh.rows(`describe select * from main.no_games_${format}`)).map((r) => `${String(r['column_name'])} ${String(r['column_type'])}`),
        ['id INTEGER', 'label VARCHAR', 'day DATE'],
        format,
      );
    }
    const headless = model('plain_csv', "select 1 as id union all select 2", { format: 'csv', options: { header: false } });
    await run(headless);
    assert.equal((await wh.rows('select count(*)::int as n from main.plain_csv'))[0]?.['n'], 2, 'a file written without a header is read without one');
    const typed = model('codes_csv', "select '007' as code", { format: 'csv', csv_read_options: { columns: { code: 'VARCHAR' } } });
    await run(typed);
    assert.deepEqual(await wh.rows('select code from main.codes_csv'), [{ code: '007' }]);
  });

  it('refuses a format it cannot write', async () => {
    const node = model('games_xlsx', 'select 1 as id', { format: 'xlsx' });
    await assert.rejects(materializeNode(makeContext(wh.adapter, node, { projectDir: wh.dir })), /Invalid format: xlsx\. Allowed formats are: csv, parquet, json/u);
  });

  it('insert_overwrite rewrites only the partitions an incremental run recomputes', async () => {
    const full = 'select day, game, viewers from main.streams';
    const node = model('fact_streams', full, { partition_by: 'day', incremental_strategy: 'insert_overwrite' });
    await run(node);
    const root = join(wh.dir, 'lake', 'fact_streams');
    assert.deepEqual((await readdir(root)).sort(), ['day=2024-01-01', 'day=2024-01-02', 'day=2024-01-03']);
    const before = await fingerprint(root);
    await new Promise((r) => setTimeout(r, 20));

    // New data for the latest day and the next one; the model refreshes from its latest partition forward.
    await wh.adapter.execute("insert into main.streams values ('2024-01-03', 'go', 3), ('2024-01-04', 'chess', 9)");
    node.compiled_code = `${full} where day >= (select max(day) from main.fact_streams)`;
    const second = await run(node);
    assert.match(second.message, /in 2 partitions/u);
    const afterRun = await fingerprint(root);
    for (const untouched of ['day=2024-01-01/data_0.parquet', 'day=2024-01-02/data_0.parquet']) {
      assert.deepEqual(afterRun.get(untouched), before.get(untouched), `${untouched} is untouched`);
    }
    assert.notEqual(afterRun.get('day=2024-01-03/data_0.parquet')?.bytes, before.get('day=2024-01-03/data_0.parquet')?.bytes);
    assert.ok(afterRun.has('day=2024-01-04/data_0.parquet'));
    assert.deepEqual(await wh.rows("select day::varchar as day, game, viewers from main.fact_streams order by day, game"), [
      { day: '2024-01-01', game: 'chess', viewers: 10 },
      { day: '2024-01-01', game: 'go', viewers: 5 },
      { day: '2024-01-02', game: 'chess', viewers: 12 },
      { day: '2024-01-03', game: 'chess', viewers: 7 },
      { day: '2024-01-03', game: 'go', viewers: 3 },
      { day: '2024-01-04', game: 'chess', viewers: 9 },
    ]);
    await run(node);
    assert.equal((await wh.rows('select count(*)::int as n from main.fact_streams'))[0]?.['n'], 6, 'rerunning changes nothing');

    // A failing write leaves every partition as it was and no staging folder behind.
    const kept = await fingerprint(root);
    node.compiled_code = `${full} where case when day = date '2024-01-04' then error('boom') else true end`;
    const failed = await materializeNode(makeContext(wh.adapter, node, { projectDir: wh.dir, externalRoot: 'lake' }));
    assert.equal(failed.status, 'error');
    assert.deepEqual(await fingerprint(root), kept);
    assert.deepEqual((await readdir(join(wh.dir, 'lake'))).filter((f) => f.startsWith('.fact_streams')), []);

    // --full-refresh rewrites everything from the full query.
    node.compiled_code = full;
    await run(node, { fullRefresh: true });
    assert.equal((await wh.rows('select count(*)::int as n from main.fact_streams'))[0]?.['n'], 6);
  });

  it('completes the moves of a run killed after staging, and discards unfinished staging', async () => {
    const location = join(wh.dir, 'recover', 'fact');
    await mkdir(join(location, 'day=1'), { recursive: true });
    await writeFile(join(location, 'day=1', 'data_0.parquet'), 'old-1');
    await mkdir(join(location, 'day=2'), { recursive: true });
    await writeFile(join(location, 'day=2', 'data_0.parquet'), 'old-2');
    const files = sidecars(location, 'killed');
    await mkdir(join(files.staging, 'day=2'), { recursive: true });
    await writeFile(join(files.staging, 'day=2', 'data_0.parquet'), 'new-2');
    // The journal was written and day=2 was moved to the trash, then the process died.
    await mkdir(join(files.trash), { recursive: true });
    await (await import('node:fs/promises')).rename(join(location, 'day=2'), join(files.trash, 'day=2'));
    await writeFile(files.journal, JSON.stringify({ location, staging: files.staging, trash: files.trash, partitions: ['day=2'] }));
    const unfinished = sidecars(location, 'nojournal');
    await mkdir(unfinished.staging, { recursive: true });
    await recoverLocation(location);
    assert.equal(await readFile(join(location, 'day=1', 'data_0.parquet'), 'utf8'), 'old-1');
    assert.equal(await readFile(join(location, 'day=2', 'data_0.parquet'), 'utf8'), 'new-2');
    assert.deepEqual(await readdir(join(wh.dir, 'recover')), ['fact']);
  });

  it('takes the COPY options as dbt-duckdb writes them: a quoted filename_pattern, delimiter quoted when bare', async () => {
    await wh.adapter.execute(`create or replace table main.plays as select * from (values
      (date '2024-02-01', 'chess', 10), (date '2024-02-01', 'go', 5), (date '2024-02-02', 'chess', 12), (date '2024-02-03', 'chess', 7)) t(day, game, viewers)`);
    const node = model('game_days', 'select day, game, viewers from main.plays', {
      location: 'exports/by_game/',
      format: 'csv',
      delimiter: '|',
      options: { partition_by: 'game', filename_pattern: "'days_{i}'" },
    });
    await run(node);
    const root = join(wh.dir, 'exports', 'by_game');
    assert.deepEqual((await readdir(join(root, 'game=chess'))).sort(), ['days_0.csv']);
    assert.match(await readFile(join(root, 'game=go', 'days_0.csv'), 'utf8'), /^day\|viewers\n2024-02-01\|5\n$/u);
    assert.deepEqual(await wh.rows('select game, count(*)::int as n from main.game_days group by game order by game'), [
      { game: 'chess', n: 3 },
      { game: 'go', n: 1 },
    ]);
  });

  it('a top-level partition_by partitions nothing (dbt-duckdb partitions by options.partition_by only)', async () => {
    const node = model('day_file', 'select day, game from main.streams', { partition_by: ['day'] });
    await run(node);
    const file = join(wh.dir, 'lake', 'day_file.parquet');
    assert.ok((await stat(file)).isFile(), 'one file at {external_root}/{alias}.parquet');
    assert.deepEqual(await wh.rows('select count(*)::int as n from main.day_file'), await wh.rows('select count(*)::int as n from main.streams'));
  });

  it('a location under ~ is written in the home folder, as DuckDB expands it', async () => {
    const home = join(wh.dir, 'home');
    const saved = process.env['HOME'];
    process.env['HOME'] = home;
    try {
      await run(model('home_games', 'select 1 as id', { location: '~/exports/home_games.parquet' }));
    } finally {
      process.env['HOME'] = saved;
    }
    assert.ok(existsSync(join(home, 'exports', 'home_games.parquet')));
    assert.ok(!existsSync(join(wh.dir, '~')), 'no folder named ~ in the project');
    assert.deepEqual(await wh.rows('select id from main.home_games'), [{ id: 1 }]);
  });

  it("a model's external_root config leaves the default place under the profile's external_root", async () => {
    await run(model('rooted_games', 'select 1 as id', { external_root: 'elsewhere' }));
    assert.ok(existsSync(join(wh.dir, 'lake', 'rooted_games.parquet')));
    assert.ok(!existsSync(join(wh.dir, 'elsewhere')));
  });

  it('a delimiter with no format or extension makes the files CSV', async () => {
    await wh.adapter.execute(`create or replace table main.plays as select * from (values
      (date '2024-02-01', 'chess', 10), (date '2024-02-01', 'go', 5)) t(day, game, viewers)`);
    const node = model('named_parts', 'select game, viewers from main.plays', {
      location: 'exports/named',
      delimiter: ';',
      options: { partition_by: 'game' },
    });
    await run(node);
    assert.deepEqual(await readdir(join(wh.dir, 'exports', 'named', 'game=go')), ['data_0.csv']);
    assert.match(await readFile(join(wh.dir, 'exports', 'named', 'game=go', 'data_0.csv'), 'utf8'), /^viewers\n5\n$/u);
  });

  it('overwrite_or_ignore keeps the files of the folder it does not write; append adds files beside them', async () => {
    const shared = { location: 'exports/shared/', format: 'csv', options: { partition_by: 'game', overwrite_or_ignore: 1 } };
    await wh.adapter.execute(`create or replace table main.plays as select * from (values
      (date '2024-02-01', 'chess', 10), (date '2024-02-01', 'go', 5), (date '2024-02-02', 'chess', 12), (date '2024-02-03', 'chess', 7)) t(day, game, viewers)`);
    const views = model('view_counts', 'select game, viewers from main.plays', { ...shared, options: { ...shared.options, filename_pattern: "'views_{i}'" } });
    const days = model('day_counts', 'select game, day from main.plays', { ...shared, options: { ...shared.options, filename_pattern: "'days_{i}'" } });
    await run(views);
    await run(days);
    const root = join(wh.dir, 'exports', 'shared');
    assert.deepEqual((await readdir(join(root, 'game=chess'))).sort(), ['days_0.csv', 'views_0.csv'], 'the second model keeps the first one\'s files');
    views.compiled_code = "select game, viewers * 10 as viewers from main.plays where game = 'go'";
    await run(views);
    assert.deepEqual((await readdir(join(root, 'game=go'))).sort(), ['days_0.csv', 'views_0.csv']);
    assert.match(await readFile(join(root, 'game=go', 'views_0.csv'), 'utf8'), /^viewers\n50\n$/u, 'same file name: overwritten');
    assert.match(await readFile(join(root, 'game=chess', 'views_0.csv'), 'utf8'), /^viewers\n10\n12\n7\n$/u, 'a partition the run did not write stays');

    const log = model('view_log', 'select game, viewers from main.plays where day = date \'2024-02-01\'', { location: 'exports/log/', format: 'csv', options: { partition_by: 'game', append: true } });
    await run(log);
    await run(log);
    assert.equal((await readdir(join(wh.dir, 'exports', 'log', 'game=chess'))).length, 2, 'append keeps the earlier file');
    assert.equal((await wh.rows('select count(*)::int as n from main.view_log'))[0]?.['n'], 4);
    assert.deepEqual((await readdir(join(wh.dir, 'exports'))).filter((f) => f.startsWith('.')), [], 'no staging files left');
  });

  it('completes the file moves of a merging write killed half way, keeping the files it never wrote', async () => {
    const location = join(wh.dir, 'recover-merge', 'shared');
    await mkdir(join(location, 'game=go'), { recursive: true });
    await writeFile(join(location, 'game=go', 'other_0.csv'), 'other');
    await writeFile(join(location, 'game=go', 'mine_0.csv'), 'old-mine');
    const files = sidecars(location, 'halfway');
    await mkdir(join(files.staging, 'game=go'), { recursive: true });
    await mkdir(join(files.staging, 'game=chess'), { recursive: true });
    await writeFile(join(files.staging, 'game=go', 'mine_0.csv'), 'new-mine');
    await writeFile(join(files.staging, 'game=chess', 'mine_0.csv'), 'new-chess');
    const moves = [['game=chess/mine_0.csv', 'game=chess/mine_0.csv'], ['game=go/mine_0.csv', 'game=go/mine_0.csv']];
    await writeFile(files.journal, JSON.stringify({ location, staging: files.staging, trash: files.trash, partitions: null, files: moves }));
    await recoverLocation(location);
    assert.equal(await readFile(join(location, 'game=go', 'other_0.csv'), 'utf8'), 'other');
    assert.equal(await readFile(join(location, 'game=go', 'mine_0.csv'), 'utf8'), 'new-mine');
    assert.equal(await readFile(join(location, 'game=chess', 'mine_0.csv'), 'utf8'), 'new-chess');
    assert.deepEqual(await readdir(join(wh.dir, 'recover-merge')), ['shared']);
  });

  it('models sharing a folder write it one at a time, so none discards another one\'s staged files', async () => {
    await wh.adapter.execute(`create or replace table main.plays as select * from (values
      (date '2024-02-01', 'chess', 10), (date '2024-02-01', 'go', 5), (date '2024-02-02', 'chess', 12)) t(day, game, viewers)`);
    const names = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
    const nodes = names.map((n) => model(`shared_${n}`, 'select game, viewers from main.plays', {
      location: 'exports/together/', format: 'csv', options: { partition_by: 'game', overwrite_or_ignore: true, filename_pattern: `'${n}_{i}'` },
    }));
    const results = await Promise.all(nodes.map((node) => materializeNode(makeContext(wh.adapter, node, { projectDir: wh.dir }))));
    assert.deepEqual(results.map((r) => r.status), names.map(() => 'success'), results.map((r) => r.message).join('\n'));
    assert.deepEqual((await readdir(join(wh.dir, 'exports', 'together', 'game=go'))).sort(), names.map((n) => `${n}_0.csv`).sort());
  });

  it('writes a URL location (s3://, file://...) through DuckDB as written, never as a folder of the project', async () => {
    const bucket = join(wh.dir, 'bucket');
    await mkdir(bucket, { recursive: true });
    const node = model('url_games', "select 'chess' as game, 3 as viewers", { location: `file://${bucket}/url_games.parquet` });
    await run(node);
    assert.ok(existsSync(join(bucket, 'url_games.parquet')));
    assert.ok(!existsSync(join(wh.dir, 'file:')), 'nothing written under the project');
    assert.deepEqual(await wh.rows('select * from main.url_games'), [{ game: 'chess', viewers: 3 }]);
    // The default location under a URL external_root keeps the URL's `//`.
    await mkdir(join(bucket, 'root'), { recursive: true });
    const rooted = model('url_rooted', 'select 1 as id', {});
    const result = await materializeNode(makeContext(wh.adapter, rooted, { projectDir: wh.dir, externalRoot: `file://${bucket}/root/` }));
    assert.equal(result.status, 'success', result.message);
    assert.ok(existsSync(join(bucket, 'root', 'url_rooted.parquet')));
    const partitioned = model('url_parts', 'select * from main.streams', { location: `file://${bucket}/parts`, options: { partition_by: 'game' } });
    partitioned.config.incremental_strategy = 'insert_overwrite';
    await assert.rejects(materializeNode(makeContext(wh.adapter, partitioned, { projectDir: wh.dir })), /rewrites partitions in a local folder only/u);
  });

  it('refuses options that are not a mapping, as dbt-duckdb does', async () => {
    const node = model('flat_options', 'select 1 as id', { options: 'compression zstd' as unknown as Record<string, unknown> });
    await assert.rejects(materializeNode(makeContext(wh.adapter, node, { projectDir: wh.dir })), /The options argument must be a dictionary/u);
  });

  it("refuses a plugin config, whose store step needs dbt-duckdb's Python, before writing anything", async () => {
    const node = model('excel_games', 'select 1 as id', { plugin: 'excel' });
    await assert.rejects(materializeNode(makeContext(wh.adapter, node, { projectDir: wh.dir, externalRoot: 'plugin_lake' })), /sets plugin 'excel': dbt-duckdb passes its rows to that Python plugin/u);
    assert.ok(!existsSync(join(wh.dir, 'plugin_lake')), 'no files written');
  });

  it('refuses glue_register, whose catalog registration needs dbt-duckdb\'s Python, before writing anything', async () => {
    const node = model('glue_games', 'select 1 as id', { glue_register: true, glue_database: 'analytics' });
    await assert.rejects(materializeNode(makeContext(wh.adapter, node, { projectDir: wh.dir, externalRoot: 'glue_lake' })), /sets glue_register: dbt-duckdb registers its files in the AWS Glue catalog/u);
    assert.ok(!existsSync(join(wh.dir, 'glue_lake')), 'no files written');
    assert.deepEqual(await wh.rows("select table_name from information_schema.tables where table_name = 'glue_games'"), []);
  });

  it('refuses an incremental strategy external models cannot run', async () => {
    const node = model('bad_ext', 'select 1 as id', { incremental_strategy: 'merge' });
    await assert.rejects(materializeNode(makeContext(wh.adapter, node, { projectDir: wh.dir })), /insert_overwrite/u);
  });
});
