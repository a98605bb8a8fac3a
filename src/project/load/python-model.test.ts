// How a Python model's dbt calls and shape are read without running it, as dbt's parser does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PyFloat } from '../../templating/index.js';
import { readPythonModel } from './python-model.js';

type Located = Error & { diagnostic?: { code: string; location?: { file: string; line?: number; column?: number } } };

const MODEL = `import json  # dbt.ref('in_a_comment') is not a call
"""A docstring that mentions dbt.source('not', 'read')."""

def helper(x):
    return x

def model(dbt, session):
    dbt.config(
        materialized="incremental",   # the call spans lines
        unique_key=['id', "day"],
        meta={'owner': 'growth', "tier": 2, 'ratio': 1.0, 'off': None},
        enabled=True,
    )
    events = dbt.ref("events", v=2)
    plans = dbt.ref('billing', 'plans')
    users = dbt.source('app', 'users')
    limit = dbt.config.get('row_limit', 100)
    label = 'dbt.ref("inside_a_string")'
    return events.join(plans, users).limit(-limit)
`;

test('reads dbt.ref, dbt.source, dbt.config and dbt.config.get calls with their literal arguments', () => {
  const calls = readPythonModel(MODEL, 'models/m.py');
  assert.deepEqual(
    calls.map((c) => [c.fn, c.line]),
    [['config', 8], ['ref', 14], ['ref', 15], ['source', 16], ['config.get', 17]],
  );
  const config = calls[0]!.kwargs;
  assert.equal(config['materialized'], 'incremental');
  assert.deepEqual(config['unique_key'], ['id', 'day']);
  const meta = config['meta'] as Record<string, unknown>;
  assert.equal(meta['owner'], 'growth');
  assert.equal(meta['tier'], 2);
  assert.ok(meta['ratio'] instanceof PyFloat, 'a float stays a Python float');
  assert.equal(meta['off'], null);
  assert.equal(config['enabled'], true);
  assert.deepEqual([calls[1]!.args, calls[1]!.kwargs], [['events'], { v: 2 }]);
  assert.deepEqual(calls[2]!.args, ['billing', 'plans']);
  assert.deepEqual(calls[3]!.args, ['app', 'users']);
  assert.deepEqual(calls[4]!.args, ['row_limit', 100]);
});

test('reads string escapes, adjacent strings, tuples and negative numbers as Python does', () => {
  const code = "def model(dbt, session):\n    dbt.config(alias='a' \"b\", note='tab\\there', raw=r'\\d+', pair=('x',), one=(3), n=-2, hexa=0x1F)\n    return dbt.ref('x')\n";
  const [config] = readPythonModel(code, 'm.py');
  const k = config!.kwargs;
  assert.equal(k['alias'], 'ab');
  assert.equal(k['note'], 'tab\there');
  assert.equal(k['raw'], '\\d+');
  assert.deepEqual([...(k['pair'] as unknown[])], ['x']);
  assert.equal(k['one'], 3);
  assert.equal(k['n'], -2);
  assert.equal(k['hexa'], 31);
});

test('a one-line model function and an empty file are accepted', () => {
  assert.deepEqual(readPythonModel("def model(dbt, session): return dbt.ref('a')\n", 'm.py').map((c) => c.args), [['a']]);
  assert.deepEqual(readPythonModel('# nothing yet\n', 'm.py'), []);
});

function expectInvalid(code: string, line: number, message: RegExp): void {
  assert.throws(
    () => readPythonModel(code, 'models/bad.py'),
    (e: Located) => {
      assert.equal(e.diagnostic?.code, 'python-model-invalid');
      assert.deepEqual([e.diagnostic?.location?.file, e.diagnostic?.location?.line], ['models/bad.py', line]);
      assert.match(e.message, message);
      return true;
    },
  );
}

test('what dbt refuses in a Python model is refused with its line', () => {
  expectInvalid("def model(dbt, session):\n    name = 'orders'\n    return dbt.ref(name)\n", 3, /dbt\.ref\(\) in a Python model takes only literal values .*found `name`/);
  expectInvalid("def model(dbt, session):\n    return dbt.ref(f'{x}')\n", 2, /only literal values/);
  expectInvalid("def model(dbt, session):\n    return dbt.ref('{{ var(\"x\") }}')\n", 2, /No jinja in python model code is allowed/);
  expectInvalid("def helper(dbt, session):\n    return 1\n", 1, /exactly one model defined per python file, found 0/);
  expectInvalid("def model(dbt, session):\n    return 1\n\ndef model(dbt, session):\n    return 2\n", 4, /found 2/);
  expectInvalid("def model(session, dbt):\n    return 1\n", 1, /'dbt' not provided for model as the first argument/);
  expectInvalid("def model(dbt):\n    return 1\n", 1, /should have two args/);
  expectInvalid("def model(dbt, session):\n    df = 1\n    if df:\n        return df\n    else:\n        return df\n", 1, /should return only one dataframe object/);
  expectInvalid("def model(dbt, session):\n    return df, df\n", 1, /should return only one dataframe object/);
  expectInvalid("def model(dbt, session):\n    return dbt.ref('a\n", 2, /a string is not closed/);
  expectInvalid("def model(dbt, session):\n    return dbt.ref('a'\n", 2, /'\)' expected before the end of the file/);
});
