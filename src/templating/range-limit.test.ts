// range() as Jinja's sandbox gives it: a range longer than MAX_RANGE (100000) is an OverflowError
// raised before any list is built, so range(10**9) is an error to report, not a process out of memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment, TemplateError } from './index.js';

const env = new Environment();

test('a range longer than 100000 is refused before it is built, whatever its size or step', () => {
  for (const call of ['range(10**9)', 'range(0, 10**12, 3)', 'range(10**10, 0, -1)', 'range(100001)']) {
    assert.throws(
      () => env.renderString(`{{ ${call} | list | length }}`, {}),
      (e: unknown) => e instanceof TemplateError && e.pyType === 'OverflowError' && /Range too big\. The sandbox blocks ranges larger than MAX_RANGE \(100000\)\./u.test(e.diagnostic.message),
      call,
    );
  }
});

test('ranges up to the limit, empty ranges and negative steps still work', () => {
  assert.equal(env.renderString('{{ range(100000) | list | length }}|{{ range(5, 0, -2) | list }}|{{ range(3, 1) | list }}|{{ range(0, 10, 4) | list }}', {}), '100000|[5, 3, 1]|[]|[0, 4, 8]');
});
