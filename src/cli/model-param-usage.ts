// dbt 1.10's ModelParamUsageDeprecation: --models, --model and -m still select nodes, but each
// command that gets them warns (once, before it starts) to use --select or -s instead.
import type { Command } from 'commander';
import { invocationIdOf, makeLogger, type CliIo } from './cli-context.js';
import type { ProjectFlags } from './global-options.js';

/** Warns when the command was given --models/--model/-m, as dbt does for every command. */
export function warnModelsFlag(command: Command, io: CliIo): void {
  const flags = command.opts<ProjectFlags & { models?: string[] }>();
  if (!flags.models || flags.models.length === 0) return;
  makeLogger(flags, io, invocationIdOf(io)).diagnostic({
    code: 'model-param-usage',
    severity: 'warning',
    message: 'Usage of `--models`, `--model`, and `-m` is deprecated in favor of `--select` or `-s`.',
    hint: 'Write the same selection after --select (or -s).',
  });
}
