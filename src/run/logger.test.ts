import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressLine } from './logger.js';

test('a progress line shorter than the printer width is dotted out to it', () => {
  const line = progressLine(1, 3, 'START sql view model main.orders', 'RUN');
  assert.equal(line, `${'1 of 3 START sql view model main.orders '.padEnd(80, '.')} [RUN]`);
});

test('a node progress line longer than the printer width is printed whole, as dbt does', () => {
  const name = 'main_output.2024__week_1__pd_2024_wk_1_output_intermediate';
  assert.equal(progressLine(2, 3, `START sql view model ${name}`, 'RUN'), `2 of 3 START sql view model ${name}  [RUN]`);
  assert.equal(
    progressLine(2, 3, `OK created sql view model ${name}`, 'OK in 0.03s'),
    `2 of 3 OK created sql view model ${name}  [OK in 0.03s]`,
  );
});

test('a long hook line is cut to 77 columns and three dots', () => {
  const label = `hook: my_project.on-run-start.0 ${'x'.repeat(60)}`;
  const line = progressLine(1, 1, `START ${label}`, 'RUN', true);
  assert.equal(line, `${`1 of 1 START ${label}`.slice(0, 77)}... [RUN]`);
  // A short one keeps its dots: cutting at 77 and adding three dots changes nothing.
  assert.equal(progressLine(1, 1, 'OK hook: p.on-run-end.0', 'OK in 0.01s', true), `${'1 of 1 OK hook: p.on-run-end.0 '.padEnd(80, '.')} [OK in 0.01s]`);
});
