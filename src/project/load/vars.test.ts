import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVarResolver } from './vars.js';

test("a root var named after a package scopes that package's vars and is also a var of that name", () => {
  const vars = createVarResolver(
    { name: 'shop', vars: { util_pkg: { greeting: 'from_root', output: { round: 3 } }, depth: 2 } },
    [{ name: 'util_pkg', vars: { greeting: 'hello' } }],
    {},
  );
  // A root node (a package macro it calls reads var('util_pkg') to find its settings).
  assert.deepEqual(vars.get('util_pkg'), { greeting: 'from_root', output: { round: 3 } });
  assert.equal(vars.has('greeting'), false);
  // A node of the package: the scoped keys, and the var of the package's name too.
  assert.equal(vars.get('greeting', { packageName: 'util_pkg' }), 'from_root');
  assert.deepEqual(vars.get('util_pkg', { packageName: 'util_pkg' }), { greeting: 'from_root', output: { round: 3 } });
  assert.equal(vars.get('depth', { packageName: 'util_pkg' }), 2);
});
