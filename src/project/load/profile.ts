// Resolves profiles.yml to the target Reelhouse connects to (dbt's profiles.yml plus the
// dbt-duckdb output keys: https://docs.getdbt.com/docs/core/connect-data-platform/duckdb-setup).
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { userError, type Diagnostic, type ReelhouseError, type SourceLocation } from '../../core/diagnostic.js';
import { closestMatch } from '../../core/did-you-mean.js';
import { lineOfPath } from './dbt-project.js';
import { duckDbOutputKeys, type OutputLocator } from './duckdb-output.js';
import type { TargetAttachment, TargetConfig } from './load-types.js';
import { renderTree, type RenderContext } from './render-values.js';
import { isRecord, parseYaml, type YamlFile } from './yaml-file.js';

/** What profile resolution needs to know. */
export interface ProfileRequest {
  projectDir: string;
  projectName: string;
  /** `profile:` from dbt_project.yml, or --profile. */
  profileName: string | null;
  /** True when --profile named it: a profile asked for by name must exist. */
  profileFromFlag?: boolean | undefined;
  profilesDir?: string | undefined;
  target?: string | undefined;
  env: NodeJS.ProcessEnv;
  context: RenderContext;
  diagnostics: Diagnostic[];
  /** Told of profiles.yml's top-level `config:` (dbt's user config, deprecated for dbt_project.yml `flags:`). */
  onUserConfig?: ((config: Record<string, unknown>, location: { file: string; line: number }) => void) | undefined;
}

async function tryRead(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Finds profiles.yml like dbt: --profiles-dir, DBT_PROFILES_DIR, the project folder, the working folder, ~/.dbt. */
export async function findProfilesFile(req: Pick<ProfileRequest, 'profilesDir' | 'env' | 'projectDir'>): Promise<{ file: string; text: string } | undefined> {
  if (req.profilesDir) {
    const file = resolve(req.profilesDir, 'profiles.yml');
    const text = await tryRead(file);
    if (text === undefined) throw userError('profile-not-found', `No profiles.yml found in ${resolve(req.profilesDir)} (given by --profiles-dir or DBT_PROFILES_DIR).`, { file }, 'Create profiles.yml there or point --profiles-dir (or DBT_PROFILES_DIR) at the folder that has it.');
    return { file, text };
  }
  const home = req.env.HOME ?? req.env.USERPROFILE ?? homedir();
  const dirs = [req.env.DBT_PROFILES_DIR, req.projectDir, process.cwd(), join(home, '.dbt')].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const file = resolve(dir, 'profiles.yml');
    const text = await tryRead(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/** Reads the profile named by dbt_project.yml and returns the selected target's settings. */
export async function resolveTarget(req: ProfileRequest): Promise<TargetConfig> {
  const found = await findProfilesFile(req);
  const profileName = req.profileName ?? req.projectName;
  const fallback = (why: string): TargetConfig => {
    req.diagnostics.push({
      code: 'profile-default',
      severity: 'warning',
      message: `${why}; using the embedded DuckDB file ${req.projectName}.duckdb in the project folder with schema main.`,
      hint: 'Add a duckdb output to profiles.yml to choose another database file or schema.',
    });
    return {
      name: req.target ?? 'dev',
      profileName,
      type: 'duckdb',
      path: join(req.projectDir, `${req.projectName}.duckdb`),
      schema: 'main',
      database: req.projectName,
      threads: 1,
      settings: {},
      extensions: [],
      attach: [],
      profilesFile: null,
    };
  };
  if (!found && req.profileFromFlag) {
    throw profileError('profile-not-found', `Could not find profile named '${profileName}': no profiles.yml was found.`, `Could not find profile named '${profileName}'`, undefined, 'Pass --profiles-dir with the folder that holds profiles.yml, or leave out --profile.');
  }
  if (!found) return fallback('No profiles.yml found');
  const yaml = parseYaml(found.text, found.file);
  const doc = yaml.value;
  // As dbt's read_profile: a profiles.yml that holds nothing is refused wherever it was found,
  // rather than searched for the profile (it was meant to hold one).
  if (doc === null || doc === undefined || (isRecord(doc) && Object.keys(doc).length === 0)) {
    throw profileError('profile-invalid', `The profiles.yml file at ${found.file} is empty.`, unreadable(`The profiles.yml file at ${found.file} is empty`), { file: found.file, line: 1 },
      `Add the profile '${profileName}' to it, e.g. ${profileName}: {target: dev, outputs: {dev: {type: duckdb, path: dev.duckdb}}}.`);
  }
  if (!isRecord(doc)) {
    throw userError('profile-invalid', 'profiles.yml must be a mapping of profile names to profiles.', { file: found.file, line: 1 },
      `Write each profile as a top-level key, e.g. ${profileName}: {target: dev, outputs: {dev: {type: duckdb, path: dev.duckdb}}}.`);
  }
  if (isRecord(doc) && isRecord(doc.config) && Object.keys(doc.config).length > 0) {
    req.onUserConfig?.(doc.config, { file: found.file, line: yaml.lines.keyLine(doc, 'config') });
  }
  const profile = isRecord(doc) ? doc[profileName] : undefined;
  // As dbt: a profile that is named but holds nothing is refused, not searched past.
  if (isRecord(doc) && profileName in doc && isBlank(profile)) {
    throw profileError('profile-invalid', `Profile '${profileName}' in ${found.file} is empty.`, unreadable(`Profile ${profileName} in profiles.yml is empty`),
      { file: found.file, line: yaml.lines.keyLine(doc, profileName) }, 'Give it target: and outputs:, e.g. target: dev and outputs: {dev: {type: duckdb, path: dev.duckdb}}.');
  }
  if (profile === undefined || profile === null) {
    if (req.profileName === null) return fallback(`dbt_project.yml names no profile and profiles.yml has none called '${profileName}'`);
    // --profile, and a profiles.yml chosen with --profiles-dir or DBT_PROFILES_DIR, are deliberate
    // choices (often of production): a typo in either must not quietly build elsewhere.
    if (req.profileFromFlag || req.profilesDir) {
      const names = isRecord(doc) ? Object.keys(doc).filter((k) => k !== 'config') : [];
      const closest = closestMatch(profileName, names);
      const fix = req.profileFromFlag ? '' : ' Correct profile: in dbt_project.yml, or add the profile to profiles.yml.';
      const hint = names.length > 0 ? `The profiles it defines: ${names.join(', ')}.${closest ? ` Did you mean '${closest}'?` : ''}${fix}` : 'Add the profile to profiles.yml.';
      throw profileError('profile-not-found', `Could not find profile named '${profileName}' in ${found.file}.`, `Could not find profile named '${profileName}'`, { file: found.file, line: 1 }, hint);
    }
    return fallback(`Profile '${profileName}' not found in ${found.file}`);
  }
  if (!isRecord(profile)) throw userError('profile-invalid', `Profile '${profileName}' must be a mapping with target: and outputs:.`, { file: found.file, line: yaml.lines.keyLine(doc, profileName) });
  const where = (path: readonly string[]) => ({ file: found.file, line: lineOfPath(yaml, [profileName, ...path]) });
  // As dbt does, only `target:` and the chosen output are rendered: another output's env_var()
  // (a cloud token, say) must not be required to build against this one.
  const chosen = req.target ?? renderTree(profile.target, req.context, (path) => where(['target', ...path]));
  const targetName = chosen === undefined || chosen === null ? 'default' : String(chosen);
  const outputs = isRecord(profile.outputs)
    ? renderTree(profile.outputs, req.context, (path) => where(['outputs', ...path]), (path) => path.length > 0 && path[0] !== targetName)
    : profile.outputs;
  if (!isRecord(outputs)) {
    const dbtMessage = profile.outputs === undefined ? `outputs not specified in profile '${profileName}'` : undefined;
    throw profileError('profile-invalid', `Profile '${profileName}' has no outputs: mapping.`, dbtMessage, where(profile.outputs === undefined ? [] : ['outputs']),
      'Add outputs: with at least one target, e.g. dev: {type: duckdb, path: dev.duckdb}, each target a key (not a list item).');
  }
  const output = outputs[targetName];
  if (!isRecord(output)) {
    const sentence = `The profile '${profileName}' does not have a target named '${targetName}'. The valid target names for this profile are:`;
    throw profileError('profile-invalid', `${sentence} ${Object.keys(outputs).join(', ')}.`, `${sentence}\n${Object.keys(outputs).map((name) => ` - ${name}`).join('\n')}`,
      where(req.target ? ['outputs'] : ['target']), 'Pick one of these with --target, or set target: in profiles.yml.');
  }
  return duckdbTarget(output, {
    targetName, profileName, projectDir: req.projectDir, file: found.file, line: where(['outputs', targetName]).line, yaml,
    locate: (path) => where(['outputs', targetName, ...path]), diagnostics: req.diagnostics,
  });
}

function duckdbTarget(
  output: Record<string, unknown>,
  at: { targetName: string; profileName: string; projectDir: string; file: string; line: number; yaml: YamlFile; locate: OutputLocator; diagnostics: Diagnostic[] },
): TargetConfig {
  const where = { file: at.file, line: at.line };
  const type = output.type;
  if (type === undefined || type === null || type === '') {
    // As dbt: 'type' is a required property of every output.
    const dbtMessage = 'type' in output ? undefined : `required field "type" not found in profile ${at.profileName} and target ${at.targetName}`;
    throw profileError('profile-invalid', `Credentials in profile '${at.profileName}', target '${at.targetName}' invalid: 'type' is a required property.`, dbtMessage, where, 'Add type: duckdb (and a path: for the database file) to this output.');
  }
  if (type !== 'duckdb') {
    throw userError('adapter-unsupported', `Target '${at.targetName}' of profile '${at.profileName}' uses adapter type '${String(type)}', which Reelhouse does not support.`, where, 'Reelhouse runs on DuckDB: set type: duckdb and a path: for the database file.');
  }
  const rawPath = output.path === undefined || output.path === null ? ':memory:' : String(output.path);
  // dbt-duckdb resolves relative paths against the working folder; Reelhouse resolves them
  // against the project folder, so a project builds the same file wherever it is run from.
  let path = rawPath;
  // A MotherDuck database or a URL (s3://...) is DuckDB's to open, not a file of the project.
  if (rawPath !== ':memory:' && !rawPath.startsWith('md:') && !rawPath.startsWith('motherduck:') && !/^[a-z][a-z0-9+.-]*:\/\//iu.test(rawPath)) {
    const expanded = rawPath.startsWith('~/') ? join(homedir(), rawPath.slice(2)) : rawPath;
    path = isAbsolute(expanded) ? expanded : resolve(at.projectDir, expanded);
  }
  // dbt-duckdb's database is the file's stem: DuckDB names the opened file's catalog so, and
  // relations named with another database would not be found. It refuses a database: that
  // differs (unless the output is a remote server's)...
  const pathDatabase = rawPath === ':memory:' ? 'memory' : motherDuckDatabase(rawPath) ?? basename(path, extname(path));
  const database = output.database !== undefined && output.database !== null ? String(output.database) : pathDatabase;
  const attach = attachments(output.attach, at.projectDir, where);
  // ...or one of the output's attach: aliases, which makes that attached database the target's.
  if (database !== pathDatabase && !isRecord(output.remote) && !attach.some((a) => a.alias === database)) {
    throw userError('profile-invalid', `Inconsistency detected between 'path' and 'database' fields in profile; the 'database' property must be set to '${pathDatabase}' to match the 'path'.`,
      at.locate(['database']), `Remove database: (Reelhouse names it after the file), set it to ${pathDatabase}, or to the alias of one of the output's attach: databases.`);
  }
  const threads = output.threads === undefined || output.threads === null ? 1 : Number(output.threads);
  if (!Number.isInteger(threads) || threads < 1) {
    throw userError('profile-invalid', `threads must be a positive whole number, got ${JSON.stringify(output.threads)}.`, at.locate(['threads']), 'Write threads: as a number without quotes, e.g. threads: 4.');
  }
  const settings = output.settings ?? {};
  if (!isRecord(settings)) throw userError('profile-invalid', 'settings: must be a mapping of DuckDB settings.', where);
  const extRaw = output.extensions ?? [];
  if (!Array.isArray(extRaw)) throw userError('profile-invalid', 'extensions: must be a list of extension names.', where);
  // dbt-duckdb's {name, repo} form installs from a repository; Reelhouse never downloads, so only the name is loaded.
  const extensions = extRaw.map((e) => {
    if (isRecord(e) && typeof e.name === 'string' && e.name !== '') return e.name;
    if (typeof e === 'string' && e !== '') return e;
    throw userError('profile-invalid', `Failed to parse extension: ${JSON.stringify(e)}; give a name, or a mapping with name: and repo:.`, at.locate(['extensions']));
  });
  const schema = output.schema === undefined || output.schema === null ? 'main' : String(output.schema);
  const keys = duckDbOutputKeys(output, at, at.locate, at.diagnostics);
  const { secrets: _rawSecrets, ...shown } = output;
  const target: TargetConfig = {
    ...shown,
    name: at.targetName,
    profileName: at.profileName,
    type: 'duckdb',
    path,
    schema,
    database,
    threads,
    settings: settings as Record<string, string | number | boolean>,
    extensions,
    attach,
    profilesFile: at.file,
    configOptions: keys.configOptions,
  };
  Object.defineProperty(target, 'secrets', { value: keys.secrets, enumerable: false });
  Object.defineProperty(target, 'writtenPath', { value: rawPath, enumerable: false });
  Object.defineProperty(target, 'writtenExtensions', { value: extRaw, enumerable: false });
  return target;
}

// dbt-duckdb's database for a MotherDuck path (md:name or motherduck:name): the name, or my_db.
function motherDuckDatabase(path: string): string | undefined {
  const md = /^(?:md|motherduck):([^?]*)/u.exec(path);
  if (!md) return undefined;
  const name = md[1]!.replace(/^\/+/u, '');
  return name === '' ? 'my_db' : basename(name, extname(name));
}

// dbt-duckdb's `attach:` list: {path, alias, type, read_only, options}. A relative DuckDB or
// SQLite file is the project's, like the warehouse path; other types' paths are connection strings.
function attachments(raw: unknown, projectDir: string, where: { file: string; line: number }): TargetAttachment[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw userError('profile-invalid', 'attach: must be a list of databases, each with a path:.', where);
  return raw.map((entry) => {
    if (!isRecord(entry) || typeof entry.path !== 'string' || entry.path === '') {
      throw userError('profile-invalid', 'Each attach: entry needs a path: (and optionally alias:, type:, read_only:).', where);
    }
    const type = entry.type === undefined || entry.type === null ? undefined : String(entry.type);
    const isFile = (type === undefined || type === 'duckdb' || type === 'sqlite') && entry.path !== ':memory:' && !/^[a-z][a-z0-9+.-]*:/iu.test(entry.path);
    const expanded = entry.path.startsWith('~/') ? join(homedir(), entry.path.slice(2)) : entry.path;
    const out: TargetAttachment = { path: isFile && !isAbsolute(expanded) ? resolve(projectDir, expanded) : expanded };
    if (entry.alias !== undefined && entry.alias !== null) out.alias = String(entry.alias);
    if (type !== undefined) out.type = type;
    if (entry.read_only === true) out.readOnly = true;
    if (typeof entry.secret === 'string' && entry.secret !== '') out.secret = entry.secret;
    if (entry.is_ducklake === true) out.isDuckLake = true;
    if (isRecord(entry.options)) out.options = entry.options as Record<string, string | number | boolean>;
    if (out.path !== entry.path) Object.defineProperty(out, 'writtenPath', { value: entry.path, enumerable: false });
    return out;
  });
}

/** A profile error that also carries dbt's words for it, which debug's failed checks quote. */
function profileError(code: string, message: string, dbtMessage: string | undefined, location: SourceLocation | undefined, hint: string): ReelhouseError {
  const error = userError(code, message, location, hint);
  if (dbtMessage !== undefined) error.diagnostic.dbtMessage = dbtMessage;
  return error;
}

/** dbt's frame around a profiles.yml (or a profile in it) that it could not read. */
function unreadable(reason: string): string {
  return `\ndbt encountered an error while trying to read your profiles.yml file.\n\n${reason}\n`;
}

/** Python's falsy for a YAML value: what dbt takes for a profile that holds nothing. */
function isBlank(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}
