// Suggestions for mistyped names: close typos are found, unrelated names are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestMatch, editDistance } from './did-you-mean.js';

test('two swapped neighbouring letters count as one typo', () => {
  assert.equal(editDistance('tabel', 'table'), 1);
  assert.equal(editDistance('stg_ordres', 'stg_orders'), 1);
  assert.equal(editDistance('abc', 'ca'), 3);
  assert.equal(closestMatch('tabel', ['view', 'table', 'incremental']), 'table');
});

test('plain edits still count one each, and names too far apart suggest nothing', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('kitten', 'sitting', 1), 2);
  assert.equal(closestMatch('stg_userz', ['stg_users', 'orders']), 'stg_users');
  assert.equal(closestMatch('orders', ['users']), undefined);
});
