// End to end: the installed entry points. `npx reelhouse` from the repository root resolves the
// package's own bin (offline, nothing downloaded), and bin/reelhouse runs by absolute path from
// any folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './test-helpers.js';

const run = promisify(execFile);
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const bin = join(repoRoot, 'bin', 'reelhouse');

describe('entry points', () => {
  let cwd = '';
  before(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'reelhouse-bin-'));
  });
  after(() => rm(cwd, { recursive: true, force: true }));

  test('npx reelhouse --version works from the repository root without a download', async () => {
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const { stdout } = await run(npx, ['--no-install', 'reelhouse', '--version'], {
      cwd: repoRoot,
      env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
    });
    assert.equal(stdout.trim(), version);
  });

  test('bin/reelhouse by absolute path works from another folder', async () => {
    const { stdout } = await run(bin, ['--version'], { cwd });
    assert.equal(stdout.trim(), version);
    const help = await run(bin, ['--help'], { cwd });
    for (const command of ['build', 'run', 'test', 'seed', 'compile', 'ls', 'show', 'run-operation', 'retry', 'source', 'deps', 'init', 'debug', 'parse', 'clean']) {
      assert.match(help.stdout, new RegExp(`\\n\\s+${command}\\b`), command);
    }
  });

  test('init and build through the bin, with --project-dir relative to the current folder', async () => {
    await run(bin, ['init', 'from_bin'], { cwd });
    const { stdout } = await run(bin, ['build', '--project-dir', 'from_bin'], { cwd, env: { ...process.env, REELHOUSE_NO_TIMESTAMPS: '1' } });
    assert.match(stdout, /Completed successfully/);
    assert.match(stdout, /^Done\. PASS=6 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=6$/m);
    // Exit codes reach the shell: 2 for a project error.
    const failed = await run(bin, ['build', '--project-dir', 'no_such_project'], { cwd }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
    assert.equal(failed, 2);
  });

  test('a build runs under node with a V8 flag a worker thread cannot take', async () => {
    // The warehouse and the compiled-file writer run on worker threads; Node refuses to start a
    // worker given a whole-process V8 flag, so such flags must stay with the main thread.
    await run(bin, ['init', 'under_flags'], { cwd });
    const { stdout } = await run(process.execPath, ['--max-semi-space-size=32', bin, 'build', '--project-dir', 'under_flags'], { cwd, env: { ...process.env, REELHOUSE_NO_TIMESTAMPS: '1' } });
    assert.match(stdout, /^Done\. PASS=6 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=6$/m);
  });
});
