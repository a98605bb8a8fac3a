import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { noSuchOptionText } from './no-such-option.js';

const command = new Command('seed').option('--full-refresh').option('--show').option('--threads <n>').argument('[name]');

test('one close option is offered as Did you mean, several as Possible options, none as nothing', () => {
  assert.equal(noSuchOptionText(command, 'reelhouse seed', '--full-refrsh'), "Usage: reelhouse seed [OPTIONS] [NAME]\nTry 'reelhouse seed -h' for help.\n\nError: No such option: --full-refrsh Did you mean --full-refresh?");
  assert.match(noSuchOptionText(command, 'reelhouse seed', '--shw=1'), /Error: No such option: --shw Did you mean --show\?$/u);
  assert.match(noSuchOptionText(command, 'reelhouse seed', '--empty'), /Error: No such option: --empty$/u);
  assert.match(noSuchOptionText(command, 'reelhouse seed', '-z'), /Error: No such option: -z$/u);
});
