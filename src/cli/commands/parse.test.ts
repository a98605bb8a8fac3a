// End to end: parse prints what dbt's parse prints, the path of the performance summary it
// writes beside the manifest (target/perf_info.json, dbt's ManifestLoaderInfo shape).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from '../test-helpers.js';
import { duckDbEngineVersion } from '../../adapters/duckdb/index.js';

test('parse names target/perf_info.json by its absolute path and writes it as dbt does', async () => {
  const dir = await newProject('granary');
  try {
    writeProjectFile(dir, 'models/sacks.sql', 'select 1 as sack_id\n');
    writeProjectFile(dir, 'models/sacks.yml', 'models:\n  - name: sacks\n    description: Sacks.\n');
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.err);
    const path = join(dir, 'target', 'perf_info.json');
    assert.deepEqual(run.out.split('\n').filter(Boolean).map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, '')), [
      'Running with reelhouse=0.1.0',
      `Registered adapter: duckdb=${duckDbEngineVersion()}`,
      `Performance info: ${path}`,
    ]);
    const text = readFileSync(path, 'utf8');
    assert.match(text, /^\{\n {4}"path_count": \d+,/u);
    const info = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(info), [
      'path_count', 'parsed_path_count', 'static_analysis_path_count', 'static_analysis_parsed_path_count',
      'is_partial_parse_enabled', 'is_static_analysis_enabled', 'load_all_elapsed', 'projects',
    ]);
    assert.equal(info['is_partial_parse_enabled'], false);
    assert.equal(typeof info['load_all_elapsed'], 'number');
    // The JSON log names the event as dbt does.
    const json = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, '--log-format', 'json']);
    const event = json.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { info: { name: string; code: string }; data: { path?: string } }).find((e) => e.info.name === 'ParsePerfInfoPath');
    assert.deepEqual([event?.info.code, event?.data.path], ['I010', path]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
