// `reelhouse deps`: installs the packages of packages.yml / dependencies.yml into the
// packages folder as dbt does: local packages are symlinked (copied where symlinks are not
// possible), git packages cloned, hub packages resolved through the package hub, and the
// packages those packages need installed in turn; then package-lock.yml records what was installed.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { ReelhouseError, isReelhouseError, userError } from '../../core/diagnostic.js';
import { renderPackageEntries, revealSecrets, scrubSecrets } from './package-spec-render.js';
import { dbtPackageListHash } from './package-lock-hash.js';
import { readProjectYaml } from './dbt-project.js';
import { readPackagesFile } from './packages-file.js';
import { isRecord, parseYaml, type YamlLines } from './yaml-file.js';

const run = promisify(execFile);

/** Options of installPackages. */
export interface InstallOptions {
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** The command's --vars, which `var()` in packages.yml sees. */
  vars?: Record<string, unknown>;
  /** dbt deps --lock: resolve the packages and write package-lock.yml, leaving the packages folder as it is. */
  lockOnly?: boolean;
  /** dbt deps --upgrade: resolve packages.yml afresh even when package-lock.yml was written for it. */
  upgrade?: boolean;
}

/** What was installed: package names and where. */
export interface InstallResult {
  /** `latest`: for a hub package, the newest release the hub lists. */
  installed: { name: string; path: string; source: Record<string, unknown>; latest?: string }[];
  lockFile: string | null;
}

/** Installs the project's packages into its packages-install-path and writes package-lock.yml. */
export async function installPackages(projectDir: string, options: InstallOptions = {}): Promise<InstallResult> {
  const env = options.env ?? process.env;
  const log = (msg: string): void => (options.log ?? (() => undefined))(scrubSecrets(msg, env));
  const root = resolve(projectDir);
  const projectYaml = await readProjectYaml(root);
  const rootName = isRecord(projectYaml.value) && typeof projectYaml.value.name === 'string' ? projectYaml.value.name : undefined;
  const installPath = isRecord(projectYaml.value) && typeof projectYaml.value['packages-install-path'] === 'string' ? projectYaml.value['packages-install-path'] : 'dbt_packages';
  const found = await readPackagesFile(root);
  const list = found && isRecord(found.yaml.value) ? found.yaml.value.packages : undefined;
  if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
    return noPackages(log, options.lockOnly ? undefined : resolve(root, installPath));
  }
  const { file, yaml: { value, lines } } = found!;
  if (!Array.isArray(list)) throw userError('yaml-invalid-shape', 'packages: must be a list of packages (local:, git: or package:).', { file, line: lines.keyLine(value, 'packages') });

  // As dbt: a lock file written for this package list (its sha1_hash matches) is what gets
  // installed, pinned versions and all; one missing, stale or upgraded is resolved afresh from
  // the packages file, announced before the installs, and rewritten.
  const vars = options.vars ?? {};
  const lockFile = join(root, 'package-lock.yml');
  const lockText = await readFile(lockFile, 'utf8').catch(() => undefined);
  const rendered = await renderPackageEntries(list, vars, env, (path) => ({ file, line: lines.itemLine(list, Number(path[0] ?? 0)) }));
  const hash = dbtPackageListHash(rendered, list);
  const locked = options.upgrade || lockText === undefined ? undefined : currentLock(lockText, lockFile, hash);
  if (!locked) log(`Updating lock file in file path: ${lockFile}`);
  else if (options.lockOnly) return { installed: [], lockFile };
  const installRun: InstallRun = locked
    ? { root, rootName, env, log, vars, list: locked.list, file: lockFile, lines: locked.lines, hash, fromLock: true }
    : { root, rootName, env, log, vars, list, file, lines, hash, fromLock: false };
  // --lock resolves into a scratch folder: what it finds is only written to the lock file, and,
  // as dbt's --lock installs nothing, no install lines are printed.
  if (options.lockOnly) {
    const scratch = await mkdtemp(join(tmpdir(), 'reelhouse-lock-'));
    try {
      return await installInto({ ...installRun, log: () => undefined }, scratch);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  // As dbt (os.path.join): a relative path counts from the project, an absolute one is kept.
  const dest = resolve(root, installPath);
  // Installed beside the packages folder first, which is replaced only once every package is in:
  // as with dbt, a deps run that fails (an unreachable hub, a bad revision) leaves it as it was.
  await mkdir(dirname(dest), { recursive: true });
  // mkdir, not mkdtemp: the folder is renamed into place, so it keeps the mode the umask gives
  // (dbt's os.makedirs), not mkdtemp's owner-only one that other users could not read.
  const staging = join(dirname(dest), `.${basename(dest)}-installing-${randomBytes(6).toString('hex')}`);
  await mkdir(staging);
  try {
    const result = await installInto(installRun, staging);
    await rm(dest, { recursive: true, force: true });
    await rename(staging, dest);
    return { ...result, installed: result.installed.map((p) => ({ ...p, path: join(dest, relative(staging, p.path)) })) };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * deps with no packages, as dbt runs it: its lock step finds nothing to resolve and says so,
 * writing no lock file; unless --lock, its install step then empties the packages folder, finds
 * no package in the lock file either and says so again.
 */
async function noPackages(log: (msg: string) => void, dest: string | undefined): Promise<InstallResult> {
  const warning = 'Warning: No packages were found in packages.yml';
  log(warning);
  if (dest !== undefined) {
    await rm(dest, { recursive: true, force: true });
    await mkdir(dest, { recursive: true });
    log(warning);
  }
  return { installed: [], lockFile: null };
}

/** One deps run: the project, its package list and how to log. */
interface InstallRun {
  root: string;
  rootName: string | undefined;
  env: NodeJS.ProcessEnv;
  log: (msg: string) => void;
  vars: Record<string, unknown>;
  list: unknown[];
  file: string;
  lines: YamlLines;
  /** dbt's sha1_hash of the packages file's list, which a rewritten lock file records. */
  hash: string;
  /** Installing package-lock.yml's list: it names every package already, and stays as it is. */
  fromLock: boolean;
}

/** Installs the run's packages, and those they need, into `dest`; writes package-lock.yml. */
async function installInto(run: InstallRun, dest: string): Promise<InstallResult> {
  const installed: InstallResult['installed'] = [];
  const upgradable: string[] = [];
  const seen = new Set<string>();
  const installList = async (raw: unknown[], from: { file: string; lines: YamlLines }): Promise<void> => {
    const specs = await renderPackageEntries(raw, run.vars, run.env, (path) => ({ file: from.file, line: from.lines.itemLine(raw, Number(path[0] ?? 0)) }));
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i];
      const where = { file: from.file, line: from.lines.itemLine(raw, i) };
      if (!isRecord(spec)) throw userError('yaml-invalid-shape', 'Each package must be a mapping with local:, git: or package:.', where);
      checkSpecValues(spec, where);
      const key = specKey(spec, run.root);
      if (key !== undefined && seen.has(key)) continue;
      let one: InstallResult['installed'][number] | undefined;
      try {
        one = await installSpec(revealSecrets(spec, run.env), where, run.root, dest, installed, run.log);
      } catch (error) {
        if (!isReelhouseError(error)) throw error;
        throw new ReelhouseError({ ...error.diagnostic, message: scrubSecrets(error.diagnostic.message, run.env) });
      }
      if (key !== undefined) seen.add(key);
      if (one && one.name === run.rootName) {
        throw userError('package-duplicate', `Found duplicate project "${one.name}". This occurs when a dependency has the same project name as some other dependency.`, where,
          'A package cannot share its name with the root project: rename one of them (name: in its dbt_project.yml).');
      }
      if (one) {
        // package-lock.yml keeps an entry that names a secret as written, never its value.
        const written = raw[i];
        if (JSON.stringify(spec).includes('$$$DBT_SECRET_START$$$') && isRecord(written)) {
          for (const k of ['local', 'git'] as const) if (typeof written[k] === 'string' && k in one.source) one.source[k] = written[k];
        }
        installed.push(one);
        // As dbt, after a hub package's install line: whether a newer release exists.
        if (one.latest !== undefined && typeof one.source.version === 'string') {
          if (one.latest === one.source.version) run.log('Up to date!');
          else {
            run.log(`Updated version available: ${one.latest}`);
            upgradable.push(String(one.source.package));
          }
        }
      }
    }
  };
  await installList(run.list, { file: run.file, lines: run.lines });
  // As dbt does, the packages a package needs are installed too (dbt_expectations needs dbt_date),
  // each once; a relative local: path in a package's packages.yml counts from the root project.
  for (let next = 0; next < installed.length && !run.fromLock; next++) {
    const nested = await readPackageList(installed[next]!.path);
    if (nested) await installList(nested.list, nested);
  }
  const lockFile = join(run.root, 'package-lock.yml');
  // Keys sorted, as dbt's yaml dump writes them (name before package and version, sha1_hash last).
  if (!run.fromLock) await writeFile(lockFile, stringify({ packages: installed.map((p) => p.source), sha1_hash: run.hash }, { sortMapEntries: true }));
  if (upgradable.length > 0) {
    run.log('');
    // dbt's message, with the spaces its continued string literal carries before the line break.
    run.log(`Updates available for packages: [${upgradable.map((n) => `'${n}'`).join(', ')}] ${' '.repeat(16)}\nUpdate your versions in packages.yml, then run dbt deps`);
  }
  return { installed, lockFile };
}

/** package-lock.yml's package list when it was written for the package list of `hash`; a file that does not read as a lock is stale (it is rewritten). */
function currentLock(text: string, file: string, hash: string): { list: unknown[]; lines: YamlLines } | undefined {
  try {
    const { value, lines } = parseYaml(text, file);
    if (!isRecord(value) || value.sha1_hash !== hash || !Array.isArray(value.packages)) return undefined;
    return { list: value.packages, lines };
  } catch {
    return undefined;
  }
}

/** Identifies a package entry so one needed by several packages is installed once. */
function specKey(spec: Record<string, unknown>, root: string): string | undefined {
  if (typeof spec.local === 'string') return `local:${isAbsolute(spec.local) ? spec.local : resolve(root, spec.local)}`;
  if (typeof spec.git === 'string') return `git:${spec.git}#${String(spec.subdirectory ?? '')}`;
  if (typeof spec.package === 'string') return `package:${spec.package.toLowerCase()}`;
  return undefined;
}

/** The packages.yml (or dependencies.yml) list of an installed package, if it has one. */
async function readPackageList(dir: string): Promise<{ list: unknown[]; file: string; lines: ReturnType<typeof parseYaml>['lines'] } | undefined> {
  for (const name of ['packages.yml', 'dependencies.yml']) {
    const file = join(dir, name);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const { value, lines } = parseYaml(text, file);
    const list = isRecord(value) ? value.packages : undefined;
    return Array.isArray(list) ? { list, file, lines } : undefined;
  }
  return undefined;
}

/** Installs one packages.yml entry; undefined when a package of that name is already installed. */
async function installSpec(spec: Record<string, unknown>, where: { file: string; line: number }, root: string, dest: string,
  installed: InstallResult['installed'], log: (m: string) => void): Promise<InstallResult['installed'][number] | undefined> {
  const has = (name: string): boolean => installed.some((p) => p.name === name);
  if (typeof spec.local === 'string') {
    const src = isAbsolute(spec.local) ? spec.local : resolve(root, spec.local);
    const name = await packageName(src, where);
    if (has(name)) return undefined;
    const target = join(dest, name);
    log(`Installing ${spec.local}`);
    try {
      await symlink(src, target, 'dir');
    } catch {
      await cp(src, target, { recursive: true });
    }
    log('Installed from <local @ ' + spec.local + '>');
    return { name, path: target, source: { local: spec.local, name } };
  }
  if (typeof spec.git === 'string') {
    const tmp = await mkdtemp(join(tmpdir(), 'reelhouse-deps-'));
    try {
      const revision = spec.revision === undefined ? undefined : String(spec.revision);
      log(`Installing ${spec.git}`);
      // Cloned into a folder git creates (the umask's mode, as dbt's clone): the copy keeps its mode.
      const repo = join(tmp, 'repo');
      await gitClone(spec.git, revision, repo, where);
      const pkgRoot = typeof spec.subdirectory === 'string' ? join(repo, spec.subdirectory) : repo;
      const name = await packageName(pkgRoot, where);
      if (has(name)) return undefined;
      await rm(join(pkgRoot, '.git'), { recursive: true, force: true });
      await cp(pkgRoot, join(dest, name), { recursive: true });
      // dbt's names for the revision: the default branch when none is given; then the subfolder used.
      log(`Installed from ${revision === undefined || revision === 'HEAD' ? 'HEAD (default revision)' : `revision ${revision}`}`);
      if (typeof spec.subdirectory === 'string') log(`and subdirectory ${spec.subdirectory}`);
      return { name, path: join(dest, name), source: { git: spec.git, revision: revision ?? 'HEAD', ...(spec.subdirectory ? { subdirectory: spec.subdirectory } : {}), name } };
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  if (typeof spec.package === 'string') {
    // A hub package is named after the last part of its id; one already installed (for example
    // vendored with local:) satisfies a package that asks for it, without reaching the hub.
    if (has(spec.package.split('/').at(-1) ?? spec.package)) return undefined;
    return installFromHub(spec.package, spec.version, dest, where, log);
  }
  if (typeof spec.tarball === 'string') {
    throw userError('package-unsupported', `Tarball package ${spec.tarball} cannot be installed by Reelhouse yet.`, where, 'Download and unpack it, then refer to it with local: <folder>.');
  }
  throw userError('yaml-invalid-shape', 'A package needs one of local:, git: or package:.', where);
}

/** dbt refuses an entry whose local:, git:, package: or tarball: is empty (`local: ''` would install the project itself). */
function checkSpecValues(spec: Record<string, unknown>, where: { file: string; line: number }): void {
  for (const key of ['local', 'git', 'package', 'tarball']) {
    if (!(key in spec)) continue;
    const v = spec[key];
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) {
      throw userError('yaml-invalid-shape', `A ${key === 'package' ? '' : `${key} `}package is missing the value. It is a required property.`, where, `Give the package's ${key}: a value, or remove the entry.`);
    }
  }
}

async function packageName(dir: string, where: { file: string; line: number }): Promise<string> {
  // A missing folder, a folder that is not a project and a project whose YAML is broken are three fixes.
  if (!existsSync(dir)) {
    throw userError('package-not-found', `Package folder ${dir} does not exist.`, where, 'Fix the local: path; it is relative to the project folder.');
  }
  if (!existsSync(join(dir, 'dbt_project.yml'))) {
    throw userError('package-invalid', `Package folder ${dir} has no dbt_project.yml.`, where, 'Point the package entry at a dbt project folder.');
  }
  const yaml = await readProjectYaml(dir);
  const name = isRecord(yaml.value) ? yaml.value.name : undefined;
  if (typeof name !== 'string') throw userError('package-invalid', `dbt_project.yml of package ${dir} has no name:.`, where);
  return name;
}

async function gitClone(url: string, revision: string | undefined, into: string, where: { file: string; line: number }): Promise<void> {
  try {
    await run('git', ['clone', '--quiet', url, into], { timeout: 120_000 });
    if (revision) await run('git', ['-C', into, 'checkout', '--quiet', revision], { timeout: 60_000 });
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? String(error);
    throw userError('package-network', `Could not clone package ${url}${revision ? ` at ${revision}` : ''}: ${detail}`, where,
      'Installing git packages needs git and network access to the repository; or vendor the package and use local: instead.', error);
  }
}

async function installFromHub(name: string, version: unknown, dest: string, where: { file: string; line: number }, log: (m: string) => void): Promise<InstallResult['installed'][number]> {
  const hub = 'https://hub.getdbt.com/api/v1';
  let index: { versions?: Record<string, { downloads?: { tarball?: string } }> };
  try {
    const res = await fetch(`${hub}/${name}.json`, { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    index = (await res.json()) as typeof index;
  } catch (error) {
    throw userError('package-network', `Could not reach the dbt package hub to install ${name}: ${error instanceof Error ? error.message : String(error)}.`, where,
      'Installing hub packages needs network access; or download the package and refer to it with local: <folder>.', error);
  }
  const ranges = (Array.isArray(version) ? version : version === undefined ? [] : [version]).map(String);
  const candidates = Object.keys(index.versions ?? {}).filter((v) => /^\d+\.\d+\.\d+$/.test(v) && ranges.every((r) => satisfies(v, r))).sort(compareVersions);
  const chosen = candidates.at(-1);
  if (!chosen) throw userError('package-version', `No version of ${name} matches ${ranges.join(', ') || 'any'}.`, where, 'Loosen the version range in packages.yml.');
  const tarball = index.versions?.[chosen]?.downloads?.tarball;
  if (!tarball) throw userError('package-version', `The hub lists no download for ${name} ${chosen}.`, where);
  log(`Installing ${name}`);
  const tmp = await mkdtemp(join(tmpdir(), 'reelhouse-deps-'));
  try {
    const res = await fetch(tarball, { signal: AbortSignal.timeout(120_000) });
    if (!res.ok) throw userError('package-network', `Download of ${name} ${chosen} failed: HTTP ${res.status}.`, where);
    await writeFile(join(tmp, 'pkg.tar.gz'), Buffer.from(await res.arrayBuffer()));
    await mkdir(join(tmp, 'x'));
    await run('tar', ['-xzf', join(tmp, 'pkg.tar.gz'), '-C', join(tmp, 'x'), '--strip-components=1']);
    const pkgName = await packageName(join(tmp, 'x'), where);
    await rename(join(tmp, 'x'), join(dest, pkgName)).catch(async () => cp(join(tmp, 'x'), join(dest, pkgName), { recursive: true }));
    log(`Installed from version ${chosen}`);
    const latest = Object.keys(index.versions ?? {}).filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort(compareVersions).at(-1) ?? chosen;
    return { name: pkgName, path: join(dest, pkgName), source: { package: name, version: chosen, name: pkgName }, latest };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Semantic version range check for dbt's `>=1.0.0`, `<2.0.0`, `1.1.1`, `=1.1.1` forms. */
export function satisfies(version: string, range: string): boolean {
  const m = /^\s*(>=|<=|>|<|==|=)?\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(range);
  if (!m) return false;
  const target = [...m[2]!.split('.'), '0', '0'].slice(0, 3).join('.');
  const c = compareVersions(version, target);
  switch (m[1]) {
    case '>=': return c >= 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '<': return c < 0;
    default: return c === 0;
  }
}
