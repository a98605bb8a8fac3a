import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { addPackageEntry, installPackages, loadProject } from './index.js';
import { CLEAN_ENV, writeFiles, writeProject } from './test-project.js';

test('deps links local packages, writes package-lock.yml, and packages load with root configs', async () => {
  const p = await writeProject({
    'shop/dbt_project.yml': `name: shop
vars:
  util_pkg:
    greeting: from_root
models:
  util_pkg:
    +materialized: table
`,
    'shop/packages.yml': 'packages:\n  - local: ../util\n',
    'shop/models/a.sql': "select * from {{ ref('util_model') }}",
    'util/dbt_project.yml': 'name: util_pkg\nvars:\n  greeting: hello\n  depth: 1\nmodels:\n  util_pkg:\n    +tags: [util]\n',
    'util/models/util_model.sql': 'select 1 as id',
    'util/models/util.yml': 'models:\n  - name: util_model\n    columns:\n      - name: id\n        data_tests: [unique]\n',
    'util/macros/helpers.sql': '{% macro util_hello() %}hello{% endmacro %}\n',
  });
  try {
    const shop = join(p.dir, 'shop');
    const result = await installPackages(shop);
    assert.deepEqual(result.installed.map((x) => x.name), ['util_pkg']);
    assert.ok((await lstat(join(shop, 'dbt_packages/util_pkg'))).isSymbolicLink(), 'local packages are symlinked as dbt does');
    assert.match(await readFile(join(shop, 'package-lock.yml'), 'utf8'), /local: \.\.\/util/);

    const loaded = await loadProject({ projectDir: shop, env: CLEAN_ENV });
    assert.deepEqual(loaded.packages.map((x) => x.name), ['shop', 'util_pkg', 'dbt']);
    const util = loaded.manifest.nodes['model.util_pkg.util_model']!;
    assert.equal(util.package_name, 'util_pkg');
    assert.equal(util.config.materialized, 'table', 'root project config wins');
    assert.deepEqual(util.tags, ['util'], "the package's own config applies");
    assert.ok(Object.keys(loaded.manifest.nodes).some((k) => /^test\.util_pkg\.unique_util_model_id\.[0-9a-f]{10}$/.test(k)));
    assert.ok(loaded.manifest.macros['macro.util_pkg.util_hello']);
    assert.equal(loaded.vars.get('greeting', { packageName: 'util_pkg' }), 'from_root');
    assert.equal(loaded.vars.get('depth', { packageName: 'util_pkg' }), 1);
    assert.equal(loaded.vars.has('depth', 'shop'), false);
  } finally {
    await p.cleanup();
  }
});

test('hub and git packages fail with a clear network message when unreachable', async () => {
  const p = await writeProject({ 'dbt_project.yml': 'name: shop\n', 'packages.yml': 'packages:\n  - git: "https://127.0.0.1:9/none/repo.git"\n' });
  try {
    await assert.rejects(installPackages(p.dir), (e: Error & { diagnostic?: { code: string; location?: { line?: number } } }) => {
      assert.equal(e.diagnostic?.code, 'package-network');
      assert.match(e.message, /127\.0\.0\.1:9\/none\/repo\.git/);
      assert.equal(e.diagnostic?.location?.line, 2);
      return true;
    });
    await writeFiles(p.dir, { 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n' });
  } finally {
    await p.cleanup();
  }
});

test("deps also installs the packages a package's own packages.yml needs, each once", async () => {
  const p = await writeProject({
    'shop/dbt_project.yml': 'name: shop\n',
    'shop/packages.yml': 'packages:\n  - local: ../checks\n  - local: ../calendar\n',
    'checks/dbt_project.yml': 'name: checks_pkg\n',
    // The hub entry names a package already installed, so it is satisfied without the network.
    'checks/packages.yml': 'packages:\n  - local: ../calendar\n  - local: ../clock\n  - package: acme/calendar_pkg\n    version: [">=1.0.0"]\n',
    'checks/macros/recent.sql': '{% macro recent() %}{{ clock_pkg.now() }}{% endmacro %}\n',
    'calendar/dbt_project.yml': 'name: calendar_pkg\n',
    'clock/dbt_project.yml': 'name: clock_pkg\n',
    'clock/macros/now.sql': '{% macro now() %}current_timestamp{% endmacro %}\n',
  });
  try {
    const shop = join(p.dir, 'shop');
    const result = await installPackages(shop);
    assert.deepEqual(result.installed.map((x) => x.name), ['checks_pkg', 'calendar_pkg', 'clock_pkg']);
    assert.ok((await lstat(join(shop, 'dbt_packages/clock_pkg'))).isSymbolicLink());
    assert.match(await readFile(join(shop, 'package-lock.yml'), 'utf8'), /local: \.\.\/clock/);
    const loaded = await loadProject({ projectDir: shop, env: CLEAN_ENV });
    assert.ok(loaded.manifest.macros['macro.clock_pkg.now'], "the nested package's macros load");
  } finally {
    await p.cleanup();
  }
});

test('deps refuses an entry with an empty local:, git: or package:, and a package named like the root project', async () => {
  const p = await writeProject({ 'dbt_project.yml': 'name: bakery\n', 'ovens/dbt_project.yml': 'name: bakery\n' });
  try {
    for (const [entry, message] of [
      ["local: ''", /A local package is missing the value/],
      ["git: ''\n    revision: main", /A git package is missing the value/],
      ["package: ''\n    version: 1.0.0", /A package is missing the value/],
    ] as const) {
      await writeFiles(p.dir, { 'packages.yml': `packages:\n  - ${entry}\n` });
      await assert.rejects(installPackages(p.dir, { env: {} }), message);
    }
    await writeFiles(p.dir, { 'packages.yml': 'packages:\n  - local: ovens\n' });
    await assert.rejects(installPackages(p.dir, { env: {} }), /Found duplicate project "bakery"/);
  } finally {
    await p.cleanup();
  }
});

test('--add-package writes or updates the entry in the file the project uses; --lock writes package-lock.yml and installs nothing', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: bakery\n',
    'dependencies.yml': 'packages:\n  - package: acme/flour\n    version: 1.0.0\n',
    'ovens/dbt_project.yml': 'name: ovens\n',
  });
  try {
    assert.equal(await addPackageEntry(p.dir, 'acme/flour@1.2.0'), join(p.dir, 'dependencies.yml'));
    await addPackageEntry(p.dir, 'https://example.invalid/yeast.git@v3', 'git');
    await addPackageEntry(p.dir, 'ovens', 'local');
    assert.equal(
      await readFile(join(p.dir, 'dependencies.yml'), 'utf8'),
      'packages:\n  - package: acme/flour\n    version: 1.2.0\n  - git: https://example.invalid/yeast.git\n    revision: v3\n  - local: ovens\n',
    );
    await assert.rejects(addPackageEntry(p.dir, 'acme/sugar'), /Version is required/);

    await writeFiles(p.dir, { 'dependencies.yml': 'packages:\n  - local: ovens\n' });
    const locked = await installPackages(p.dir, { env: {}, lockOnly: true });
    assert.deepEqual(locked.installed.map((x) => x.name), ['ovens']);
    assert.match(await readFile(join(p.dir, 'package-lock.yml'), 'utf8'), /- local: ovens\n {4}name: ovens\n/);
    await assert.rejects(lstat(join(p.dir, 'dbt_packages')), /ENOENT/, 'nothing is installed');
  } finally {
    await p.cleanup();
  }
});

test('deps announces the lock file it rewrites, as dbt does, only when package-lock.yml is missing or was written for another package list', async () => {
  const p = await writeProject({
    'mill/dbt_project.yml': 'name: mill\n',
    'mill/packages.yml': 'packages:\n  - local: ../grain\n',
    'grain/dbt_project.yml': 'name: grain\n',
  });
  try {
    const mill = join(p.dir, 'mill');
    const announced = async (): Promise<string[]> => {
      const lines: string[] = [];
      await installPackages(mill, { log: (msg) => lines.push(msg) });
      return lines;
    };
    const updating = `Updating lock file in file path: ${join(mill, 'package-lock.yml')}`;
    assert.deepEqual(await announced(), [updating, 'Installing ../grain', 'Installed from <local @ ../grain>']);
    assert.deepEqual(await announced(), ['Installing ../grain', 'Installed from <local @ ../grain>']);
    await writeFiles(p.dir, { 'mill/packages.yml': 'packages:\n  - local: ../grain/\n' });
    assert.equal((await announced())[0], updating);
  } finally {
    await p.cleanup();
  }
});

test('a deps run that fails leaves the packages folder as the last good run left it', async () => {
  const p = await writeProject({
    'shop/dbt_project.yml': 'name: shop\n',
    'shop/packages.yml': 'packages:\n  - local: ../util\n',
    'util/dbt_project.yml': 'name: util_pkg\n',
    'util/macros/helpers.sql': '{% macro util_hello() %}hello{% endmacro %}\n',
  });
  try {
    const shop = join(p.dir, 'shop');
    const first = await installPackages(shop);
    assert.deepEqual(first.installed.map((x) => x.path), [join(shop, 'dbt_packages/util_pkg')]);
    await writeFiles(p.dir, { 'shop/packages.yml': 'packages:\n  - git: "https://127.0.0.1:9/none/repo.git"\n  - local: ../util\n' });
    await assert.rejects(installPackages(shop), /127\.0\.0\.1:9/);
    assert.ok((await lstat(join(shop, 'dbt_packages/util_pkg'))).isSymbolicLink(), 'the installed package is still there');
    assert.deepEqual(await readdir(shop).then((names) => names.filter((n) => n.includes('installing'))), [], 'no half-installed folder is left behind');
  } finally {
    await p.cleanup();
  }
});

test('an absolute packages-install-path is used as written, by deps and by the project load', async () => {
  const p = await writeProject({
    'shop/packages.yml': 'packages:\n  - local: ../util\n',
    'util/dbt_project.yml': 'name: util_pkg\n',
    'util/macros/helpers.sql': '{% macro util_hello() %}hello{% endmacro %}\n',
  });
  try {
    const shop = join(p.dir, 'shop');
    const vendored = join(p.dir, 'vendored');
    await writeFiles(p.dir, { 'shop/dbt_project.yml': `name: shop\npackages-install-path: ${vendored}\n` });
    await installPackages(shop);
    assert.ok((await lstat(join(vendored, 'util_pkg'))).isSymbolicLink(), 'installed at the absolute path');
    const loaded = await loadProject({ projectDir: shop, env: CLEAN_ENV });
    assert.ok(loaded.manifest.macros['macro.util_pkg.util_hello'], 'loaded from the absolute path');
  } finally {
    await p.cleanup();
  }
});

test('a package-lock.yml written for the packages file is installed as it stands, and --upgrade resolves the packages file afresh', async () => {
  const p = await writeProject({
    'mill/dbt_project.yml': 'name: mill\n',
    'mill/packages.yml': 'packages:\n  - local: ../grain\n',
    'grain/dbt_project.yml': 'name: grain\n',
    'chaff/dbt_project.yml': 'name: chaff\n',
    // As dbt deps wrote it: the hash is dbt's for the list above; the lock also pins chaff.
    'mill/package-lock.yml': 'packages:\n  - local: ../grain\n    name: grain\n  - local: ../chaff\n    name: chaff\nsha1_hash: 4604e957ddc058d6d96bf5ac202299e1e25a90a0\n',
  });
  try {
    const mill = join(p.dir, 'mill');
    const lock = await readFile(join(mill, 'package-lock.yml'), 'utf8');
    const lines: string[] = [];
    const fromLock = await installPackages(mill, { log: (msg) => lines.push(msg) });
    assert.deepEqual(fromLock.installed.map((x) => x.name), ['grain', 'chaff'], "the lock's packages are installed");
    assert.ok(!lines.some((l) => l.startsWith('Updating lock file')), lines.join('\n'));
    assert.equal(await readFile(join(mill, 'package-lock.yml'), 'utf8'), lock, 'a current lock is left as it is');
    const upgraded = await installPackages(mill, { upgrade: true });
    assert.deepEqual(upgraded.installed.map((x) => x.name), ['grain']);
    assert.doesNotMatch(await readFile(join(mill, 'package-lock.yml'), 'utf8'), /chaff/);
  } finally {
    await p.cleanup();
  }
});

/** Makes `repo` (a folder of files) a git repository with one commit; returns a git runner on it. */
function committedRepo(repo: string, message: string): (...args: string[]) => void {
  const git = (...args: string[]): void => void execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args]);
  git('init', '--quiet');
  git('add', '.');
  git('commit', '--quiet', '-m', message);
  return git;
}

test("package-lock.yml is written with its keys sorted, as dbt's yaml dump writes it", async () => {
  const p = await writeProject({ 'shop/dbt_project.yml': 'name: shop\n', 'spice/dbt_project.yml': 'name: spice\n' });
  try {
    const repo = join(p.dir, 'spice');
    const git = committedRepo(repo, 'spice');
    git('tag', 'v1');
    await writeFiles(p.dir, { 'shop/packages.yml': `packages:\n  - git: "${repo}"\n    revision: v1\n` });
    await installPackages(join(p.dir, 'shop'));
    assert.match(await readFile(join(p.dir, 'shop', 'package-lock.yml'), 'utf8'), /^packages:\n {2}- git: \S+\n {4}name: spice\n {4}revision: v1\nsha1_hash: [0-9a-f]{40}\n$/);
  } finally {
    await p.cleanup();
  }
});

test('a hub package says whether a newer release exists, and deps ends with the packages that have one; --lock prints only the lock line', async () => {
  const p = await writeProject({
    'shop/dbt_project.yml': 'name: shop\n',
    'shop/packages.yml': 'packages:\n  - package: acme/flour\n    version: [">=1.0.0", "<1.1.0"]\n  - package: acme/yeast\n    version: 2.0.0\n',
    'src/flour/dbt_project.yml': 'name: flour\n',
    'src/yeast/dbt_project.yml': 'name: yeast\n',
  });
  const realFetch = globalThis.fetch;
  try {
    const tarballs: Record<string, Buffer> = {};
    for (const name of ['flour', 'yeast']) {
      execFileSync('tar', ['-czf', join(p.dir, `${name}.tgz`), '-C', join(p.dir, 'src'), name]);
      tarballs[name] = await readFile(join(p.dir, `${name}.tgz`));
    }
    // The hub, as its index and tarball answers look: flour has a newer release than the range allows.
    const releases: Record<string, string[]> = { flour: ['1.0.0', '1.0.2', '1.1.0', '1.2.0-rc1'], yeast: ['1.0.0', '2.0.0'] };
    globalThis.fetch = (async (url: string | URL) => {
      const href = String(url);
      const name = href.endsWith('.tgz') ? href.split('/').at(-1)!.split('-')[0]! : href.split('/').at(-1)!.replace('.json', '');
      if (href.endsWith('.tgz')) return new Response(tarballs[name]);
      const versions = Object.fromEntries(releases[name]!.map((v) => [v, { downloads: { tarball: `https://hub.invalid/${name}-${v}.tgz` } }]));
      return new Response(JSON.stringify({ versions }));
    }) as typeof fetch;
    const shop = join(p.dir, 'shop');
    const lines: string[] = [];
    await installPackages(shop, { log: (msg) => lines.push(msg) });
    assert.deepEqual(lines.slice(1), [
      'Installing acme/flour', 'Installed from version 1.0.2', 'Updated version available: 1.1.0',
      'Installing acme/yeast', 'Installed from version 2.0.0', 'Up to date!',
      '', `Updates available for packages: ['acme/flour'] ${' '.repeat(16)}\nUpdate your versions in packages.yml, then run dbt deps`,
    ]);
    assert.match(await readFile(join(shop, 'package-lock.yml'), 'utf8'), /- name: flour\n {4}package: acme\/flour\n {4}version: 1\.0\.2\n/);
    const locking: string[] = [];
    await writeFiles(p.dir, { 'shop/packages.yml': 'packages:\n  - package: acme/yeast\n    version: 2.0.0\n' });
    await installPackages(shop, { log: (msg) => locking.push(msg), lockOnly: true });
    assert.deepEqual(locking, [`Updating lock file in file path: ${join(shop, 'package-lock.yml')}`]);
  } finally {
    globalThis.fetch = realFetch;
    await p.cleanup();
  }
});

test("a git package without a revision installs from the default branch, and its subdirectory is named, in dbt's words", async () => {
  const p = await writeProject({ 'shop/dbt_project.yml': 'name: shop\n', 'herbs/pkg/dbt_project.yml': 'name: herbs\n' });
  try {
    const repo = join(p.dir, 'herbs');
    committedRepo(repo, 'herbs');
    await writeFiles(p.dir, { 'shop/packages.yml': `packages:\n  - git: "${repo}"\n    subdirectory: pkg\n` });
    const lines: string[] = [];
    await installPackages(join(p.dir, 'shop'), { log: (msg) => lines.push(msg) });
    assert.deepEqual(lines.slice(1), [`Installing ${repo}`, 'Installed from HEAD (default revision)', 'and subdirectory pkg']);
  } finally {
    await p.cleanup();
  }
});

test('deps gives the packages folder and a git package in it the mode the umask gives, as dbt creates them, not an owner-only one', async () => {
  const p = await writeProject({ 'shop/dbt_project.yml': 'name: shop\n', 'spice/dbt_project.yml': 'name: spice\n' });
  // A umask that leaves group and others read access, so an owner-only folder shows.
  const previous = process.umask(0o022);
  try {
    const repo = join(p.dir, 'spice');
    committedRepo(repo, 'spice');
    await writeFiles(p.dir, { 'shop/packages.yml': `packages:\n  - git: "${repo}"\n` });
    await installPackages(join(p.dir, 'shop'), { log: () => undefined });
    assert.equal((await stat(join(p.dir, 'shop/dbt_packages'))).mode & 0o777, 0o755);
    assert.equal((await stat(join(p.dir, 'shop/dbt_packages/spice'))).mode & 0o777, 0o755);
  } finally {
    process.umask(previous);
    await p.cleanup();
  }
});
