import { installPackages } from '../../project/load/index.js';
import { makeLogger, projectDirOf, type CliIo } from '../cli-context.js';
import { parseVars, type ProjectFlags } from '../global-options.js';

/** dbt deps: installs packages.yml / dependencies.yml into the packages folder. */
export async function depsCommand(flags: ProjectFlags, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  await installPackages(projectDirOf(flags, io), { log: (msg: string) => logger.info(msg, 'DepsInstallInfo'), vars: parseVars(flags.vars) });
  return 0;
}
