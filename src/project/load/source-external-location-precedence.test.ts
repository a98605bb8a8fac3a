// Which external_location a source table reads when several levels name one: as dbt-duckdb
// merges them, the config (table over source) wins over meta, and the table's meta over the source's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

const SOURCES = `sources:
  - name: orchard
    meta:
      external_location: "crates/{name}.parquet"
    config:
      external_location: "read_csv('baskets/{name}.csv')"
    tables:
      - name: apples
      - name: pears
        meta:
          external_location: "sacks/{name}.parquet"
      - name: plums
        config:
          external_location: "read_json_auto('bins/{name}.json')"
        meta:
          external_location: "sacks/{name}.parquet"
  - name: cellar
    meta:
      external_location: "racks/{name}.parquet"
    tables:
      - name: cider
      - name: perry
        meta:
          external_location: "casks/{name}.parquet"
  - name: larder
    config:
      meta:
        external_location: "shelves/{name}.parquet"
    tables:
      - name: jam
      - name: honey
        config:
          meta:
            external_location: "jars/{name}.csv"
  - name: pantry
    meta:
      external_location: "tins/{name}.parquet"
    tables:
      - name: beans
        config:
          meta:
            external_location: "pots/{name}.parquet"
`;

test('a source config external_location wins over meta; table meta wins over source meta', async () => {
  const p = await writeProject({ 'dbt_project.yml': 'name: farm\n', 'models/src.yml': SOURCES });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const location = (id: string) => manifest.sources[`source.farm.${id}`]?.external_location;
    assert.equal(location('orchard.apples'), "read_csv('baskets/apples.csv')", 'source config over source meta');
    assert.equal(location('orchard.pears'), "read_csv('baskets/pears.csv')", 'source config over table meta');
    assert.equal(location('orchard.plums'), "read_json_auto('bins/plums.json')", 'table config over source config');
    assert.equal(location('cellar.cider'), 'racks/cider.parquet', 'source meta alone');
    assert.equal(location('cellar.perry'), 'casks/perry.parquet', 'table meta over source meta');
    assert.equal(manifest.sources['source.farm.orchard.apples']?.relation_name, "read_csv('baskets/apples.csv')");
  } finally {
    await p.cleanup();
  }
});

// dbt 1.10 takes meta under config: as well; it is in the meta dbt-duckdb reads the location from.
test('an external_location under config: meta: is read, the table\'s over the source\'s', async () => {
  const p = await writeProject({ 'dbt_project.yml': 'name: farm\n', 'models/src.yml': SOURCES });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const source = (id: string) => manifest.sources[`source.farm.${id}`];
    assert.equal(source('larder.jam')?.external_location, 'shelves/jam.parquet', 'source config meta alone');
    assert.equal(source('larder.honey')?.external_location, 'jars/honey.csv', 'table config meta over source config meta');
    assert.equal(source('pantry.beans')?.external_location, 'pots/beans.parquet', 'table config meta over source meta');
    assert.match(String(source('larder.jam')?.relation_name), /^'.*shelves\/jam\.parquet'$/u, 'the relation is the file, not a warehouse table');
  } finally {
    await p.cleanup();
  }
});
