import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRefs, mergeSources } from './merge-refs.js';

test('refs and sources a render found are added once each, after those the node lists', () => {
  const listed = [{ name: 'a', package: null, version: null }];
  assert.deepEqual(mergeRefs(listed, [{ name: 'b', package: null, version: null }, { name: 'a', package: null, version: null }, { name: 'b', package: null, version: null }]), [
    { name: 'a', package: null, version: null },
    { name: 'b', package: null, version: null },
  ]);
  assert.deepEqual(mergeSources([['raw', 'x']], [['raw', 'y'], ['raw', 'x']]), [['raw', 'x'], ['raw', 'y']]);
  // nothing found: the node keeps what it lists, as it lists it
  const twice = [{ name: 'a' }, { name: 'a' }];
  assert.deepEqual(mergeRefs(twice, []), [{ name: 'a' }, { name: 'a' }]);
  assert.deepEqual(mergeSources([], []), []);
});
