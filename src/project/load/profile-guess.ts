// The profile `debug` checks when the folder has no dbt_project.yml to name one. dbt's debug
// then takes --profile, else guesses from profiles.yml: with exactly one profile defined it
// checks that one (and its connection), so the run still reports everything but the project;
// with several it loads each, and reports every one that fails.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { isReelhouseError, type ReelhouseError } from '../../core/diagnostic.js';
import { yamlRenderContext } from '../context/yaml-base-context.js';
import { cliVarLookup } from './load-project.js';
import type { TargetConfig } from './load-types.js';
import { findProfilesFile, resolveTarget } from './profile.js';
import { prepareRenderer } from './render-values.js';
import { makeEnvVar } from './vars.js';
import { isRecord, parseYaml } from './yaml-file.js';

/** What debug needs to guess the profile with: the command's flags and environment. */
export interface ProfileGuessRequest {
  projectDir: string;
  profilesDir?: string | undefined;
  profile?: string | undefined;
  target?: string | undefined;
  vars?: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
}

/**
 * The outcome: no profiles.yml where dbt looks (`missing`), a profile that loaded (`loaded`), the
 * profiles that failed to (`invalid`: --profile's, or those of a guess; `guessed` when no --profile
 * named one), or none to choose, when neither --profile nor a single profile says which and every
 * profile loads (`unchosen`, with the profiles the file defines).
 */
export type ProfileGuess =
  | { kind: 'missing'; file: string }
  | { kind: 'loaded'; file: string; target: TargetConfig }
  | { kind: 'invalid'; file: string; errors: ReelhouseError[]; guessed: boolean }
  | { kind: 'unchosen'; file: string; profiles: string[] };

/** Resolves the profile debug checks without a project: --profile's, else the only one profiles.yml defines, else each it defines. */
export async function guessProfileWithoutProject(req: ProfileGuessRequest): Promise<ProfileGuess> {
  await prepareRenderer();
  const projectDir = resolve(req.projectDir);
  let found: { file: string; text: string } | undefined;
  try {
    found = await findProfilesFile({ profilesDir: req.profilesDir, env: req.env, projectDir });
  } catch {
    found = undefined;
  }
  if (!found) {
    const home = req.env.HOME ?? req.env.USERPROFILE ?? homedir();
    return { kind: 'missing', file: resolve(req.profilesDir ?? req.env.DBT_PROFILES_DIR ?? join(home, '.dbt'), 'profiles.yml') };
  }
  const file = found.file;
  const context = yamlRenderContext({ env_var: makeEnvVar(req.env), var: cliVarLookup(req.vars ?? {}) });
  // Named, a profile must exist: there is no project to fall back on.
  const load = (profileName: string) => resolveTarget({
    projectDir, projectName: profileName, profileName, profileFromFlag: true,
    profilesDir: req.profilesDir, target: req.target, env: req.env, context, diagnostics: [],
  });
  const guessed = req.profile === undefined;
  let profiles: string[] = [];
  try {
    const doc = parseYaml(found.text, file).value;
    profiles = isRecord(doc) ? Object.keys(doc).filter((name) => name !== 'config') : [];
    const profileName = req.profile ?? (profiles.length === 1 ? profiles[0] : undefined);
    if (profileName !== undefined) return { kind: 'loaded', file, target: await load(profileName) };
  } catch (error) {
    if (isReelhouseError(error)) return { kind: 'invalid', file, errors: [error], guessed };
    throw error;
  }
  // As dbt's debug, which loads every profile of the file when it cannot tell which is meant and
  // reports each that fails (a profile for an adapter it lacks, say).
  const errors: ReelhouseError[] = [];
  for (const name of profiles) {
    try {
      await load(name);
    } catch (error) {
      if (!isReelhouseError(error)) throw error;
      errors.push(error);
    }
  }
  return errors.length > 0 ? { kind: 'invalid', file, errors, guessed } : { kind: 'unchosen', file, profiles };
}
