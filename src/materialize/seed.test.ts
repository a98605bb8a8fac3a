import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isReelhouseError } from '../core/diagnostic.js';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

describe('seed materialization', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
  });
  after(async () => {
    await wh.dispose();
  });

  const seed = async (name: string, csv: string, config: Record<string, unknown> = {}) => {
    const file = join(wh.dir, `${name}.csv`);
    await writeFile(file, csv);
    return makeNode(wh.database, { name, resource_type: 'seed', seed_file: file, config });
  };
  const columnTypes = async (name: string) =>
    Object.fromEntries(
      (await wh.rows(`select column_name, data_type from information_schema.columns where table_name = '${name}' order by ordinal_position`)).map((r) => [
        r['column_name'],
        r['data_type'],
      ]),
    );

  it('loads a CSV with inferred types and reports INSERT n', async () => {
    const node = await seed(
      'plans',
      'plan_id,name,price,launched,active,updated_at\n1,basic,9.99,2023-01-01,true,2023-01-01 10:00:00\n2,"premium, 4k",15.5,2023-02-01,false,2023-02-01 11:30:00\n3,,,,,\n',
    );
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.equal(result.message, 'INSERT 3');
    assert.equal(result.rowsAffected, 3);
    assert.deepEqual(result.adapterResponse, { _message: 'INSERT 3', code: 'INSERT', rows_affected: 3 });
    assert.deepEqual(await columnTypes('plans'), {
      plan_id: 'INTEGER',
      name: 'VARCHAR',
      price: 'DOUBLE',
      launched: 'DATE',
      active: 'BOOLEAN',
      updated_at: 'TIMESTAMP',
    });
    const rows = await wh.rows('select plan_id, name, price from main.plans order by plan_id');
    assert.deepEqual(rows, [
      { plan_id: 1, name: 'basic', price: 9.99 },
      { plan_id: 2, name: 'premium, 4k', price: 15.5 },
      { plan_id: 3, name: null, price: null },
    ]);
  });

  it('loads numbers written with leading zeros as numbers, as agate reads them, and keeps mixed columns as text', async () => {
    const node = await seed('postcodes', 'id,zip,code,amount,ref\n1,02134,007,01.50,007\n2,10001,010,2.25,A7\n3,,5,3,\n');
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await columnTypes('postcodes'), { id: 'INTEGER', zip: 'INTEGER', code: 'INTEGER', amount: 'DOUBLE', ref: 'VARCHAR' });
    assert.deepEqual(await wh.rows('select zip, code, amount, ref from main.postcodes order by id'), [
      { zip: 2134, code: 7, amount: 1.5, ref: '007' },
      { zip: 10001, code: 10, amount: 2.25, ref: 'A7' },
      { zip: null, code: 5, amount: 3, ref: null },
    ]);
  });

  it('reads numbers in exponent notation as numbers where the sniffer keeps the column as text, as agate does', async () => {
    // DuckDB's sniffer calls each column text (an exponent beside a sign, or a leading zero); agate reads every value as a Number.
    const node = await seed('readings', 'probe,level,count\n1,1e3,007\n2,-2.50,1e2\n3,+4,2E+1\n');
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    assert.deepEqual(await columnTypes('readings'), { probe: 'INTEGER', level: 'DOUBLE', count: 'INTEGER' });
    assert.deepEqual(await wh.rows('select level, count from main.readings order by probe'), [
      { level: 1000, count: 7 },
      { level: -2.5, count: 100 },
      { level: 4, count: 20 },
    ]);
  });

  it('reads numbers with digit-group underscores as numbers, as agate and the copy into the table do', async () => {
    const node = await seed('cargo', 'hold,tonnes,volume\n1,1_000,2_500.5\n2,20,3\n');
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    assert.deepEqual(await columnTypes('cargo'), { hold: 'INTEGER', tonnes: 'INTEGER', volume: 'DOUBLE' });
    assert.deepEqual(await wh.rows('select tonnes, volume from main.cargo order by hold'), [{ tonnes: 1000, volume: 2500.5 }, { tonnes: 20, volume: 3 }]);
  });

  it('types whole numbers as INTEGER like dbt, and as BIGINT only when a value needs it', async () => {
    const node = await seed('device_counts', 'device_id,bytes_sent,ratio\n7,4294967296,0.5\n-12,15,2\n');
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await columnTypes('device_counts'), { device_id: 'INTEGER', bytes_sent: 'BIGINT', ratio: 'DOUBLE' });
    assert.deepEqual(await wh.rows('select device_id, bytes_sent::varchar as bytes_sent from main.device_counts order by device_id'), [
      { device_id: -12, bytes_sent: '15' },
      { device_id: 7, bytes_sent: '4294967296' },
    ]);
  });

  it('types numbers whose decimals are all zero as INTEGER, as agate and dbt do', async () => {
    const node = await seed('fares', 'fare,tax,rate,ref\n12.00,1e3,0.5,12345678901234567.0\n-3.0,2,1.25,1\n,4.000,2,2\n');
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await columnTypes('fares'), { fare: 'INTEGER', tax: 'INTEGER', rate: 'DOUBLE', ref: 'BIGINT' });
    assert.deepEqual(await wh.rows('select fare, tax, ref::varchar as ref from main.fares order by tax'), [
      { fare: -3, tax: 2, ref: '1' },
      { fare: null, tax: 4, ref: '2' },
      { fare: 12, tax: 1000, ref: '12345678901234567' },
    ]);
  });

  it('applies column_types, a custom delimiter and keeps dates that are not ISO as text', async () => {
    const node = await seed('codes', 'zip;amount;day;note\n00123;1.50;01/02/2023;null\n98000;2;03/04/2023;x\n', {
      delimiter: ';',
      column_types: { zip: 'varchar(5)', amount: 'decimal(10,2)', not_a_column: 'int' },
    });
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await columnTypes('codes'), { zip: 'VARCHAR', amount: 'DECIMAL(10,2)', day: 'VARCHAR', note: 'VARCHAR' });
    assert.deepEqual(await wh.rows('select zip, amount::varchar as amount, day, note from main.codes order by zip'), [
      { zip: '00123', amount: '1.50', day: '01/02/2023', note: 'null' },
      { zip: '98000', amount: '2.00', day: '03/04/2023', note: 'x' },
    ]);
  });

  it('replaces the table on reload, with and without --full-refresh, even when the header changed', async () => {
    const node = await seed('reload', 'id\n1\n2\n');
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).message, 'INSERT 2');
    await writeFile(node.seed_file!, 'id,label\n5,five\n');
    const second = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(second.message, 'INSERT 1');
    assert.deepEqual(await wh.rows('select * from main.reload'), [{ id: 5, label: 'five' }]);
    const third = await materializeNode(makeContext(wh.adapter, node, { fullRefresh: true }));
    assert.equal(third.status, 'success');
    assert.deepEqual(await wh.rows('select * from main.reload'), [{ id: 5, label: 'five' }]);
  });

  it('keeps the existing table\'s column types on reload without --full-refresh, as dbt truncates it and copies the file in', async () => {
    const node = await seed('pilots', 'pilot,licence,hours\n1,A7,10\n');
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    await writeFile(node.seed_file!, 'Pilot,Licence,Hours\n1,007,2.5\n');
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).message, 'INSERT 1');
    assert.deepEqual(await columnTypes('pilots'), { pilot: 'INTEGER', licence: 'VARCHAR', hours: 'INTEGER' });
    assert.deepEqual(await wh.rows('select * from main.pilots'), [{ pilot: 1, licence: '007', hours: 3 }]);
    assert.equal((await materializeNode(makeContext(wh.adapter, node, { fullRefresh: true }))).message, 'CREATE 1');
    assert.deepEqual(await columnTypes('pilots'), { Pilot: 'INTEGER', Licence: 'INTEGER', Hours: 'DOUBLE' });
    // A value the kept type cannot hold fails the load, as dbt's copy does, and leaves the table.
    await writeFile(node.seed_file!, 'Pilot,Licence,Hours\n1,A7,x\n');
    await assert.rejects(materializeNode(makeContext(wh.adapter, node)), (error: unknown) => isReelhouseError(error) && error.diagnostic.code === 'seed-type-changed');
    assert.deepEqual(await wh.rows('select * from main.pilots'), [{ Pilot: 1, Licence: 7, Hours: 2.5 }]);
  });

  it('quotes column names unless quote_columns is false, as dbt-duckdb does', async () => {
    const byDefault = await seed('spaced', 'User Id,Plan Name,order\n1,basic,2\n');
    const ok = await materializeNode(makeContext(wh.adapter, byDefault));
    assert.equal(ok.status, 'success', ok.message);
    assert.deepEqual(await wh.rows('select "User Id", "Plan Name", "order" from main.spaced'), [{ 'User Id': 1, 'Plan Name': 'basic', order: 2 }]);

    const quoted = await seed('spaced_quoted', 'User Id\n7\n', { quote_columns: true });
    assert.equal((await materializeNode(makeContext(wh.adapter, quoted))).status, 'success');
    assert.deepEqual(await wh.rows('select "User Id" from main.spaced_quoted'), [{ 'User Id': 7 }]);

    const unquoted = await seed('spaced_bare', 'User Id,Plan Name\n1,basic\n', { quote_columns: false });
    await assert.rejects(materializeNode(makeContext(wh.adapter, unquoted)), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'seed-column-name');
      assert.equal(error.diagnostic.location?.line, 1);
      assert.match(error.diagnostic.message, /column named 'User Id', which is not a plain SQL name/);
      assert.match(error.diagnostic.hint ?? '', /quote_columns: true/);
      return true;
    });
  });

  it('keeps timestamp columns in layouts agate does not read as a datetime, and time-of-day columns, as text, as dbt does', async () => {
    const node = await seed(
      'shift_log',
      'badge,clock_in,clock_out,synced,break_at,badged_at\n4,14/03/2024 08:15:00,2024-03-14 16:45:00,2024-03-14T17:00:05Z,12:30:00,2024-03-14 08:14:00+01:00\n9,02/04/2024 21:00:00,2024-04-03 05:30:00,2024-04-03T06:00:00,01:15:00,2024-04-02 20:59:00+01:00\n',
    );
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    const types = await columnTypes('shift_log');
    assert.equal(types['clock_in'], 'VARCHAR');
    assert.match(types['clock_out'] ?? '', /^TIMESTAMP/u);
    assert.equal(types['synced'], 'TIMESTAMP');
    // agate has no time-of-day type: such a column is text in dbt.
    assert.equal(types['break_at'], 'VARCHAR');
    // An offset after a space is neither agate layout.
    assert.equal(types['badged_at'], 'VARCHAR');
    assert.deepEqual(await wh.rows("select clock_in, cast(synced as varchar) as synced from main.shift_log where badge = 4"), [
      { clock_in: '14/03/2024 08:15:00', synced: '2024-03-14 17:00:05' },
    ]);
  });

  it('keeps a timestamp column as text when it mixes agate\'s two datetime layouts or holds an impossible time, as agate needs one layout for a whole column', async () => {
    const node = await seed(
      'watch_rota',
      'watch,relieved,mixed,late\n1,2024-03-14 08:15:00,2024-03-14T08:15:00,2024-03-14 23:00:00\n2,2024-3-15  9:05:00,2024-03-15 09:05:00,2024-03-15 24:00:00\n',
    );
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    assert.deepEqual(await columnTypes('watch_rota'), { watch: 'INTEGER', relieved: 'TIMESTAMP', mixed: 'VARCHAR', late: 'VARCHAR' });
    assert.deepEqual(await wh.rows('select mixed, late from main.watch_rota where watch = 2'), [{ mixed: '2024-03-15 09:05:00', late: '2024-03-15 24:00:00' }]);
  });

  it('types the columns of a header-only CSV INTEGER, as agate keeps its first type when no value rules it out', async () => {
    const node = await seed('empty_seed', 'id,name,created_at\n');
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.equal(result.message, 'INSERT 0');
    assert.deepEqual(await columnTypes('empty_seed'), { id: 'INTEGER', name: 'INTEGER', created_at: 'INTEGER' });
  });

  it('types a column whose values are all empty INTEGER like dbt, unless column_types says otherwise', async () => {
    const node = await seed('watch_notes', 'title,rating,note,Reviewer\nnova,,,\norbit,,null,\n', { column_types: { note: 'varchar' }, quote_columns: true });
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await columnTypes('watch_notes'), { title: 'VARCHAR', rating: 'INTEGER', note: 'VARCHAR', Reviewer: 'INTEGER' });
    assert.deepEqual(await wh.rows('select title, rating, "Reviewer" from main.watch_notes order by title'), [
      { title: 'nova', rating: null, Reviewer: null },
      { title: 'orbit', rating: null, Reviewer: null },
    ]);
  });

  it('rejects a malformed CSV naming the file and line, leaving the old table', async () => {
    const node = await seed('broken', 'id,name\n1,a\n2,b\n');
    await materializeNode(makeContext(wh.adapter, node));
    await writeFile(node.seed_file!, 'id,name\n1,a\n2,b,extra\n3,c\n');
    await assert.rejects(materializeNode(makeContext(wh.adapter, node)), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'seed-malformed');
      assert.equal(error.diagnostic.location?.file, 'seeds/broken.csv');
      assert.equal(error.diagnostic.location?.line, 3);
      assert.match(error.diagnostic.message, /seeds\/broken\.csv.*line 3/);
      return true;
    });
    assert.deepEqual(await wh.rows('select count(*)::int as n from main.broken'), [{ n: 2 }]);

    const lines = ['id,amount', ...Array.from({ length: 3000 }, (_, i) => `${i},${i}.5`)];
    lines.splice(2500, 0, '9999');
    await writeFile(node.seed_file!, `${lines.join('\n')}\n`);
    await assert.rejects(materializeNode(makeContext(wh.adapter, node)), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.location?.line, 2501);
      return true;
    });
  });

  it('reads t/f and yes/no as text like dbt, whose booleans are only true and false', async () => {
    const node = await seed('ferry_flags', 'ferry,docked,sails,shortcode\nAurora,TRUE,yes,t\nBorealis,false,no,f\nCalypso,,,\n');
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.deepEqual(await columnTypes('ferry_flags'), { ferry: 'VARCHAR', docked: 'BOOLEAN', sails: 'VARCHAR', shortcode: 'VARCHAR' });
    assert.deepEqual(await wh.rows('select docked, sails, shortcode from main.ferry_flags order by ferry'), [
      { docked: true, sails: 'yes', shortcode: 't' },
      { docked: false, sails: 'no', shortcode: 'f' },
      { docked: null, sails: null, shortcode: null },
    ]);
  });

  it('skips blank lines as the copy into the table does, yet counts them as agate reads them, and loads them as rows of nulls with fast: false', async () => {
    const csv = 'gauge,metres\n1,0.5\n\n3,"low\n\ntide"\n4,2\n\n';
    const node = await seed('tide_gauges', csv);
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    assert.equal(result.message, 'INSERT 5');
    assert.deepEqual(await wh.rows('select count(*)::int as n, count(gauge)::int as gauges from main.tide_gauges'), [{ n: 3, gauges: 3 }]);
    assert.deepEqual(await wh.rows("select metres from main.tide_gauges where gauge = 3"), [{ metres: 'low\n\ntide' }]);

    const inserted = await seed('tide_gauges_inserted', csv, { fast: false });
    assert.equal((await materializeNode(makeContext(wh.adapter, inserted))).message, 'INSERT 5');
    assert.deepEqual(await wh.rows('select count(*)::int as n, count(gauge)::int as gauges from main.tide_gauges_inserted'), [{ n: 5, gauges: 3 }]);

    // In a one-column file a blank line is an empty field, so a null, either way.
    for (const [name, config] of [['buoys', {}], ['buoys_inserted', { fast: false }]] as const) {
      const single = await seed(name, 'buoy\n7\n\n8\n\n', config);
      assert.equal((await materializeNode(makeContext(wh.adapter, single))).message, 'INSERT 4');
      assert.deepEqual(await wh.rows(`select count(*)::int as n, count(buoy)::int as buoys from main.${name}`), [{ n: 4, buoys: 2 }]);
    }
  });

  it('keeps the text null in text columns as written, as the copy into the table reads only an empty field as null', async () => {
    const csv = 'berth,note,remark,tonnage\n1,null,NULL,\n2,"null",,7\n3,calm,None,\n';
    const node = await seed('berths', csv, { column_types: { remark: 'varchar' } });
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    assert.deepEqual(await columnTypes('berths'), { berth: 'INTEGER', note: 'VARCHAR', remark: 'VARCHAR', tonnage: 'INTEGER' });
    assert.deepEqual(await wh.rows('select note, remark, tonnage from main.berths order by berth'), [
      { note: 'null', remark: 'NULL', tonnage: null },
      { note: 'null', remark: null, tonnage: 7 },
      { note: 'calm', remark: 'None', tonnage: null },
    ]);
    // With fast: false dbt-duckdb inserts agate's values, where `null` is null in every column.
    const inserted = await seed('berths_inserted', csv, { column_types: { remark: 'varchar' }, fast: false });
    assert.equal((await materializeNode(makeContext(wh.adapter, inserted))).status, 'success');
    assert.deepEqual(await wh.rows('select note, remark from main.berths_inserted order by berth'), [
      { note: null, remark: null },
      { note: null, remark: null },
      { note: 'calm', remark: 'None' },
    ]);
  });

  it('loads a seed dbt\'s copy cannot load, with null read as agate reads it, instead of failing', async () => {
    const node = await seed('anchors', 'anchor,weight,note\n1,null,null\n2,40,\n');
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    assert.deepEqual(await columnTypes('anchors'), { anchor: 'INTEGER', weight: 'INTEGER', note: 'INTEGER' });
    assert.deepEqual(await wh.rows('select weight, note from main.anchors order by anchor'), [{ weight: null, note: null }, { weight: 40, note: null }]);
  });

  it('reports CREATE n on a full refresh and INSERT n otherwise, as dbt\'s seed materialization does', async () => {
    const node = await seed('moorings', 'id\n1\n2\n');
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).message, 'INSERT 2');
    const refreshed = await materializeNode(makeContext(wh.adapter, node, { fullRefresh: true }));
    assert.equal(refreshed.message, 'CREATE 2');
    assert.equal(refreshed.adapterResponse?.['code'], 'CREATE');
    const pinned = await seed('moorings_pinned', 'id\n1\n', { full_refresh: false });
    assert.equal((await materializeNode(makeContext(wh.adapter, pinned, { fullRefresh: true }))).message, 'INSERT 1');
  });

  it('names columns as agate does: a repeated name gets _2, an empty one its letter, spaces stay, and column_types go by those names', async () => {
    const node = await seed('lighthouses', 'name,name,,height, range \nFastnet,Rock,x,54,27\n', { column_types: { c: 'varchar(3)', name_2: 'varchar' } });
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    assert.deepEqual(await columnTypes('lighthouses'), { name: 'VARCHAR', name_2: 'VARCHAR', c: 'VARCHAR', height: 'INTEGER', ' range ': 'INTEGER' });
    assert.deepEqual(await wh.rows('select * from main.lighthouses'), [{ name: 'Fastnet', name_2: 'Rock', c: 'x', height: 54, ' range ': 27 }]);
  });

  it('reads quotes escaped with a backslash or doubled, or apostrophes, as the copy into the table detects the file\'s dialect', async () => {
    const escaped = await seed('quays', 'quay,motto\n1,"say \\"ahoy\\""\n2,"calm, mostly"\n');
    assert.equal((await materializeNode(makeContext(wh.adapter, escaped))).status, 'success');
    assert.deepEqual(await wh.rows('select motto from main.quays order by quay'), [{ motto: 'say "ahoy"' }, { motto: 'calm, mostly' }]);
    const doubled = await seed('jetties', 'jetty,motto\n1,"say ""ahoy"""\n2,C:\\dock\n');
    assert.equal((await materializeNode(makeContext(wh.adapter, doubled))).status, 'success');
    assert.deepEqual(await wh.rows('select motto from main.jetties order by jetty'), [{ motto: 'say "ahoy"' }, { motto: 'C:\\dock' }]);
    const quotedWithApostrophes = await seed('slipways', "slipway,code\n1,'A1'\n2,'B2'\n");
    assert.equal((await materializeNode(makeContext(wh.adapter, quotedWithApostrophes))).status, 'success');
    assert.deepEqual(await wh.rows('select code from main.slipways order by slipway'), [{ code: 'A1' }, { code: 'B2' }]);
  });

  it('refuses to seed over a view, with or without --full-refresh, as dbt does', async () => {
    await wh.adapter.execute('create view main.dockside as select 1 as id');
    const node = await seed('dockside', 'id\n1\n');
    for (const fullRefresh of [false, true]) {
      await assert.rejects(materializeNode(makeContext(wh.adapter, node, { fullRefresh })), (error: unknown) => {
        assert.ok(isReelhouseError(error));
        assert.equal(error.diagnostic.code, 'compiler-error');
        assert.match(error.message, /^Cannot seed to '.*"main"\."dockside"', it is a view$/u);
        return true;
      });
    }
    assert.deepEqual(await wh.rows('select * from main.dockside'), [{ id: 1 }]);
  });

  it('reports a missing seed file as a user error', async () => {
    const node = makeNode(wh.database, { name: 'ghost', resource_type: 'seed', seed_file: join(wh.dir, 'ghost.csv') });
    await assert.rejects(materializeNode(makeContext(wh.adapter, node)), (error: unknown) => isReelhouseError(error) && error.diagnostic.code === 'seed-not-found');
  });
});
