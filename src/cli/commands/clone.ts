import { type Command } from 'commander';
import { userError } from '../../core/diagnostic.js';
import { executeClone } from '../../run/clone-invocation.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import { applyDefer } from '../defer.js';
import { COMMAND_RUN_OPTIONS, withResourceTypeFlags, withSelectionFlags, type SelectionFlags } from '../global-options.js';
import { freshnessStates, resourceTypesOf, stateOf } from './node-commands.js';
import { withServerFlag, withWarehouseOwner, type OwnerFlags } from './warehouse-owner.js';
import { runResultsArgs } from '../invocation-flags.js';
import { pathFlagText } from '../path-flags.js';

/** Registers `clone`, dbt's command that points this target's relations at those of a --state manifest. */
export function registerCloneCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program.command('clone').description('create views in this target that read the selected models, seeds and snapshots of the --state manifest');
  withServerFlag(withResourceTypeFlags(withSelectionFlags(cmd, COMMAND_RUN_OPTIONS['clone']!))).action(async (flags: SelectionFlags & OwnerFlags, command: Command) => {
    setExit(await withWarehouseOwner(flags, io, command, () => cloneCommand(flags, io)));
  });
}

/**
 * dbt clone: reads the --state (or --defer-state) manifest, gives each node found there its
 * relation as `defer_relation`, and clones the selected ones into this target. Exit code 1 when
 * a node failed; 2 when no state folder is given.
 */
export async function cloneCommand(flags: SelectionFlags, io: CliIo): Promise<number> {
  // Unlike other commands, clone always reads a state manifest (dbt raises the same error).
  if (flags.state === undefined && flags.deferState === undefined) {
    throw userError('usage', '--state or --defer-state are required for deferral, but neither was provided', undefined,
      'Point --state at the target folder of the run whose relations to clone (it holds manifest.json).');
  }
  const logger = makeLogger(flags, io);
  const resourceTypes = resourceTypesOf(flags);
  const session = await sessionFor(flags, io, logger, 'clone', true, { FULL_REFRESH: flags.fullRefresh ?? false });
  try {
    await applyDefer(session, { ...flags, defer: true }, io);
    const state = await stateOf(flags, io, session);
    const result = await executeClone(session, {
      select: [...(flags.select ?? []), ...(flags.models ?? [])],
      exclude: flags.exclude,
      selector: flags.selector,
      fullRefresh: flags.fullRefresh ?? false,
      state: state?.manifest,
      previousResults: state?.runResults,
      ...(await freshnessStates(session, state)),
      resourceTypes,
      writeJson: flags.writeJson ?? true,
      // dbt's args_to_dict of the invocation's flags, with what `retry` needs resolved.
      args: runResultsArgs(session.flags, {
        which: 'clone',
        select: flags.select ?? [],
        exclude: flags.exclude ?? [],
        ...(flags.fullRefresh ? { full_refresh: true } : {}),
        // As dbt records them: the paths as Python prints them (relative ones stay relative).
        ...(flags.state !== undefined ? { state: pathFlagText(flags.state) } : {}),
        ...(flags.deferState !== undefined ? { defer_state: pathFlagText(flags.deferState) } : {}),
        ...(flags.resourceType ? { resource_types: flags.resourceType } : {}),
        ...(flags.excludeResourceType ? { exclude_resource_types: flags.excludeResourceType } : {}),
      }),
    });
    return result.success ? 0 : 1;
  } finally {
    await session.close();
  }
}
