// dbt debug in a folder without dbt_project.yml. dbt does not stop at the missing file: it checks
// the profile it can guess (--profile, else the only one profiles.yml defines) and that profile's
// connection, reports the project file as not found, and ends with the reason for each failed check.
import { join } from 'node:path';
import { userError } from '../../core/diagnostic.js';
import { guessProfileWithoutProject } from '../../project/load/index.js';
import type { Logger } from '../../run/logger.js';
import { parseVars, type ProjectFlags } from '../global-options.js';
import { connectionFailure, logAdapter, logChecksFailed, logProfilesFile, logRequiredDependencies, PROFILE_DOCS, profileFailureText, testConnection } from './debug-connection.js';

/** debug's checks and report when `projectDir` has no dbt_project.yml; returns the exit code (1: a check failed). */
export async function debugWithoutProject(flags: ProjectFlags, logger: Logger, projectDir: string, env: NodeJS.ProcessEnv): Promise<number> {
  const projectFile = join(projectDir, 'dbt_project.yml');
  const guess = await guessProfileWithoutProject({
    projectDir, profilesDir: flags.profilesDir, profile: flags.profile, target: flags.target, vars: parseVars(flags.vars), env,
  });
  logProfilesFile(logger, guess.file);
  logger.info(`Using dbt_project.yml file at ${projectFile}`, 'DebugCmdOut');
  if (guess.kind === 'unchosen') {
    // Every profile loaded and none is meant: dbt stops here with an internal error ("Profile
    // should not be None"); say what to do instead.
    const defined = guess.profiles.length === 0 ? 'no profiles' : `${guess.profiles.length} profiles (${guess.profiles.join(', ')})`;
    throw userError(
      'profile-not-chosen',
      `There is no dbt_project.yml in ${projectDir} to name the profile to check, and ${guess.file} defines ${defined}.`,
      { file: guess.file },
      'Pass --profile with the profile to check, or run debug in the project folder (or give it --project-dir).',
    );
  }
  if (guess.kind === 'loaded') logAdapter(logger, guess.target.type);

  // Each failed check's reason, printed after the count, in dbt's order: profile, then project.
  const failures: string[] = [];
  let profileStatus = 'OK found and valid';
  if (guess.kind === 'missing') {
    profileStatus = 'ERROR not found';
    failures.push(`dbt looked for a profiles.yml file in ${guess.file}, but did\nnot find one. For more information on configuring your profile, consult the\ndocumentation:\n\n${PROFILE_DOCS}\n`);
  } else if (guess.kind === 'invalid') {
    profileStatus = 'ERROR invalid';
    // dbt says why it guessed (no project names the profile) only when --profile did not name one.
    const reasons = guess.errors.map((error) => profileFailureText(error.diagnostic)).join('\n\n');
    failures.push(`${guess.guessed ? 'Could not load dbt_project.yml\n' : ''}Profile loading failed for the following reason:\n${reasons}\n`);
  }
  failures.push(`Project loading failed for the following reason:\n project path <${projectFile}> not found`);

  logger.info('Configuration:', 'DebugCmdOut');
  logger.info(`  profiles.yml file [${profileStatus}]`, 'DebugCmdOut');
  logger.info('  dbt_project.yml file [ERROR not found]', 'DebugCmdOut');
  logRequiredDependencies(logger);
  if (guess.kind === 'loaded') {
    const connectionError = await testConnection(logger, guess.target);
    if (connectionError !== undefined) failures.push(connectionFailure(connectionError));
  } else {
    logger.info('Connection test skipped since no profile was found', 'DebugCmdOut');
  }
  logChecksFailed(logger, failures);
  return 1;
}
