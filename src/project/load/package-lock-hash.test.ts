import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { jsonDumpsSortKeys as pythonJsonDumps } from '../../templating/index.js';
import { dbtPackageListHash } from './package-lock-hash.js';

test("the lock hash of hub packages is the one dbt writes: contract defaults and the unrendered entry included", () => {
  // A package-lock.yml written by dbt deps for exactly this packages.yml recorded this sha1_hash.
  const list = parse('packages:\n- package: dbt-labs/codegen\n  version: ">=0.13.0"\n- package: metaplane/dbt_expectations\n  version: ">=0.10.9"\n').packages;
  assert.equal(dbtPackageListHash(list, list), 'ac49c5e05a34c2241f7fdb9c1a5ea424f68e376b');
});

test('the hash does not depend on the order of the packages, and a rendered value differs from the written one', () => {
  const a = { local: '../grain' };
  const b = { package: 'acme/flour', version: '>=1.0.0' };
  assert.equal(dbtPackageListHash([a, b], [a, b]), dbtPackageListHash([b, a], [b, a]));
  const written = { package: 'acme/flour', version: "{{ var('v') }}" };
  assert.notEqual(dbtPackageListHash([b], [written]), dbtPackageListHash([b], [b]));
});

test("values are dumped as Python's json.dumps(sort_keys=True) dumps them", () => {
  assert.equal(pythonJsonDumps({ b: [1, true, null], a: 'é\u007f"' }), '{"a": "\\u00e9\\u007f\\"", "b": [1, true, null]}');
  assert.equal(pythonJsonDumps({ git: 'x', 'warn-unpinned': null, revision: 'v1', unrendered: {} }), '{"git": "x", "revision": "v1", "unrendered": {}, "warn-unpinned": null}');
});
