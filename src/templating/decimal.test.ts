import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from './decimal.js';
import { NotImplemented, PyFloat } from './values.js';
import { Environment } from './environment.js';

const d = (text: string) => Decimal.parse(text);
const s = (v: unknown) => (v as Decimal).__str__();

test("str() of a Decimal is Python's: plain digits unless the exponent is positive or the value tiny", () => {
  assert.deepEqual(['60.00', '0.000001', '0.0000001', '1E+2', '100', '-0.0', '12.5E-3'].map((t) => s(d(t))), ['60.00', '0.000001', '1E-7', '1E+2', '100', '-0.0', '0.0125']);
  assert.deepEqual([3, 0.1, 1e16, 1.5e-5, NaN, -Infinity].map((x) => s(Decimal.fromFloat(x))), ['3.0', '0.1', '1E+16', '0.000015', 'NaN', '-Infinity']);
  assert.equal(d('60.00').__repr__(), "Decimal('60.00')");
});

test('arithmetic is exact to 28 digits, rounds half to even, and keeps the ideal exponent of exact quotients', () => {
  assert.equal(s(d('1').__truediv__(d('3'))), '0.3333333333333333333333333333');
  assert.equal(s(d('2').__truediv__(d('3'))), '0.6666666666666666666666666667');
  assert.equal(s(d('10').__truediv__(4)), '2.5');
  assert.equal(s(d('1.00').__truediv__(4)), '0.25');
  assert.equal(s(d('60.00').__truediv__(3)), '20.00');
  assert.equal(s(d('1.1').__add__(d('2.20'))), '3.30');
  assert.equal(s(d('1.5').__mul__(2)), '3.0');
  assert.equal(s(d('1.5').__pow__(2)), '2.25');
  assert.equal(s(d('-7').__floordiv__(2)), '-3');
  assert.equal(s(d('-7').__mod__(2)), '-1');
  assert.equal(s(d('0').__neg__()), '0');
  assert.equal(s(d('2.675').__round__(2)), '2.68');
  assert.equal(s(d('2.665').__round__(2)), '2.66');
  assert.equal(d('-2.7').__int__(), -2);
  assert.equal(d('2.5').__round__(), 2);
});

test('a Decimal compares exactly with ints and floats, and refuses float arithmetic', () => {
  assert.equal(d('3.0').__eq__(3), true);
  assert.equal(d('0.5').__eq__(0.5), true);
  assert.equal(d('0.1').__eq__(0.1), false);
  assert.equal(d('0.1').__lt__(0.1), true);
  assert.equal(d('2').__gt__(new PyFloat(1)), true);
  assert.equal(d('2').__eq__('2'), NotImplemented);
  assert.throws(() => d('2').__add__(0.5), /unsupported operand type\(s\) for \+: 'decimal.Decimal' and 'float'/);
  assert.throws(() => d('2').__rmul__(new PyFloat(2)), /unsupported operand type\(s\) for \*: 'float' and 'decimal.Decimal'/);
});

test("powers are Python's: integer powers exact with the ideal exponent, others correctly rounded to 28 digits", () => {
  const cases: [string, string, string][] = [
    ['2', '0.5', '1.414213562373095048801688724'],
    ['2', '-0.5', '0.7071067811865475244008443621'],
    ['4', '0.5', '2.000000000000000000000000000'],
    ['1.1', '0.1', '1.009576582776887025717734581'],
    ['123.456', '7.89', '31771028258180977.30906865968'],
    ['0.9', '1000', '1.747871251722651609659974619E-46'],
    ['1.1', '5000', '9.192333899070653295783305861E+206'],
    ['1.50', '2', '2.2500'],
    ['2', '100', '1.267650600228229401496703205E+30'],
    ['7', '-3', '0.002915451895043731778425655977'],
    ['0.50', '-1', '2'],
    ['1.00', '3', '1.000000'],
    ['10', '1000', '1.000000000000000000000000000E+1000'],
    ['0.0001', '-3', '1E+12'],
    ['-2', '3', '-8'],
    ['-1.5', '-3', '-0.2962962962962962962962962963'],
    ['0.00', '2', '0'],
    ['0', '-2', 'Infinity'],
    ['1.0', '0.5', '1.000000000000000000000000000'],
    ['950512.795398', '-38', '6.880139341031362949699321530E-228'],
  ];
  assert.deepEqual(
    cases.map(([x, y]) => `${x} ** ${y} = ${s(d(x).__pow__(d(y)))}`),
    cases.map(([x, y, r]) => `${x} ** ${y} = ${r}`),
  );
  assert.equal(s(d('1.5').__pow__(3)), '3.375');
  assert.equal(s(d('2').__rpow__(3)), '9');
  assert.throws(() => d('-8').__pow__(d('0.5')), /InvalidOperation/);
  assert.throws(() => d('0').__pow__(0), /InvalidOperation/);
});

test('unary plus rounds to the context and makes a negative zero positive', () => {
  assert.deepEqual([d('-0').__pos__(), d('1.000').__pos__(), d('-0.00').__pos__(), d('-2.5').__pos__()].map(s), ['0', '1.000', '0.00', '-2.5']);
  assert.equal(new Environment().renderString('{{ +x }}|{{ -x }}', { x: d('-0.50') }), '-0.50|0.50');
});

test('equal Decimals, ints and floats are one dict key and one unique() member, as Python hashes them', () => {
  const env = new Environment();
  const ctx = { a: d('1.0'), b: d('1.00'), h: d('0.5'), t1: d('0.10'), t2: d('0.1') };
  assert.equal(
    env.renderString("{% set m = {a: 'a', b: 'b', 1: 'c', h: 'h', 0.5: 'half', t1: 'x', t2: 'y'} %}{{ m }}|{{ m[1] }}|{{ 1 in m }}", ctx),
    "{Decimal('1.0'): 'c', Decimal('0.5'): 'half', Decimal('0.10'): 'y'}|c|True",
  );
  assert.equal(env.renderString('{{ [a, b, 1, t1, t2, h, 0.5] | unique | list }}', ctx), "[Decimal('1.0'), Decimal('0.10'), Decimal('0.5')]");
});
