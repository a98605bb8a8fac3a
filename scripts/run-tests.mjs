// Runs every compiled test file under dist/ with node's test runner.
// Node 20's runner takes no globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const only = process.argv.slice(2);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

let files = walk(dist, []).sort();
if (only.length > 0) files = files.filter((f) => only.some((o) => relative(dist, f).includes(o)));
if (files.length === 0) {
  console.error('no test files found under dist/ (did the build run?)');
  process.exit(1);
}
// Files that kill and restart DuckDB workers run on their own, after the rest: with another
// file's DuckDB work beside them, a native callback into a dying worker can crash the runner.
const alone = files.filter((f) => f.endsWith('lifecycle.test.js'));
const together = files.filter((f) => !alone.includes(f));
const run = (list, concurrency) =>
  list.length === 0 ? 0 : (spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...list], { stdio: 'inherit', cwd: root }).status ?? 1);
const first = run(together, 2);
const second = run(alone, 1);
process.exit(first || second);
