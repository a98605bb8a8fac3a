// End to end: --full-refresh, --store-failures and --event-time-start/-end are options of only
// some commands, as in dbt 1.10 (and retry takes no selection flags); any other command refuses
// them as unknown, with exit code 2.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('kiln');
  writeProjectFile(dir, 'models/pots.sql', 'select 1 as id\n');
});
after(async () => rm(dir, { recursive: true, force: true }));

const REFUSED: [command: string[], option: string][] = [
  [['snapshot'], '--full-refresh'],
  [['snapshot'], '--store-failures'],
  [['snapshot'], '--event-time-start'],
  [['test'], '--full-refresh'],
  [['seed'], '--store-failures'],
  [['run'], '--store-failures'],
  [['compile'], '--event-time-end'],
  [['ls'], '--full-refresh'],
  [['source', 'freshness'], '--full-refresh'],
  [['retry'], '--select'],
  [['retry'], '--exclude'],
];

test('a command refuses the run options dbt does not give it', async () => {
  for (const [command, option] of REFUSED) {
    const args = option.startsWith('--event-time') || option === '--select' || option === '--exclude' ? [option, '2024-01-01'] : [option];
    const run = await cli(...command, ...args);
    assert.equal(run.code, 2, `${command.join(' ')} ${option}`);
    assert.match(run.err, new RegExp(`^Error: No such option: ${option}( |$)`, 'mu'), `${command.join(' ')} ${option}`);
  }
});

test("the refusal reads as dbt's: the usage line, where to get help, then No such option", async () => {
  const run = await cli('snapshot', '--full-refresh');
  assert.equal(run.code, 2);
  assert.equal(run.err.trim(), "Usage: reelhouse snapshot [OPTIONS]\nTry 'reelhouse snapshot -h' for help.\n\nError: No such option: --full-refresh");
  const close = await cli('test', '--store-failure');
  assert.match(close.err, /^Error: No such option: --store-failure \(Possible options: --store-failures, /mu);
});

test('the commands dbt gives them still take them', async () => {
  assert.equal((await cli('build', '--full-refresh', '--store-failures')).code, 0);
  assert.equal((await cli('run', '-f', '--event-time-start', '2024-01-01', '--event-time-end', '2024-01-02')).code, 0);
  assert.equal((await cli('test', '--store-failures')).code, 0);
  assert.equal((await cli('seed', '--full-refresh')).code, 0);
  assert.equal((await cli('compile', '--full-refresh')).code, 0);
});
