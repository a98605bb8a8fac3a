// End to end: `init` with the name of a folder that already exists leaves the folder alone and
// succeeds, as dbt's init does: it prints "A project called <name> already exists here." and
// exits 0, so a setup script that runs init every time carries on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

test('init on an existing folder says a project of that name exists, changes nothing and exits 0', async () => {
  const base = await mkdtemp(join(tmpdir(), 'reelhouse-init-existing-'));
  try {
    writeProjectFile(join(base, 'ceramics'), 'dbt_project.yml', "name: ceramics\nprofile: studio\n");
    const run = await runCli(['init', 'ceramics', '--skip-profile-setup'], base);
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out, /^\d\d:\d\d:\d\d {2}A project called ceramics already exists here\.$/mu);
    assert.equal(run.err, '');
    assert.equal(await readFile(join(base, 'ceramics', 'dbt_project.yml'), 'utf8'), "name: ceramics\nprofile: studio\n");

    const json = await runCli(['init', 'ceramics', '--skip-profile-setup', '--log-format', 'json'], base);
    const event = json.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { info: { name: string; code: string; msg: string } }).find((e) => e.info.name === 'ProjectNameAlreadyExists');
    assert.equal(event?.info.code, 'A025');
    assert.equal(event?.info.msg, 'A project called ceramics already exists here.');
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});
