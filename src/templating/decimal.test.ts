import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from './decimal.js';
import { NotImplemented, PyFloat } from './values.js';

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
