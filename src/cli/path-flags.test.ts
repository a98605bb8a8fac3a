// The path options dbt types as pathlib Paths are recorded as Python prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathFlagText, stateDirFlags } from './path-flags.js';

test('a path is printed as str(Path(p)) prints it', () => {
  assert.equal(pathFlagText('prod_artifacts/'), 'prod_artifacts');
  assert.equal(pathFlagText('./prod//artifacts/./'), 'prod/artifacts');
  assert.equal(pathFlagText('../state/..'), '../state/..');
  assert.equal(pathFlagText('./'), '.');
  assert.equal(pathFlagText('///abs/dir/'), '/abs/dir');
  assert.equal(pathFlagText('//host/dir'), '//host/dir');
});

test('STATE and DEFER_STATE are set only for the folders given', () => {
  assert.deepEqual(stateDirFlags({}), {});
  assert.deepEqual(stateDirFlags({ state: 'prod/', deferState: './prod' }), { STATE: 'prod', DEFER_STATE: 'prod' });
});
