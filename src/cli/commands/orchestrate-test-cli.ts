// Test support: the CLI with the orchestration commands registered, in-process and as an entry
// script for child processes (`node orchestrate-test-cli.js serve ...`), usable before and after
// main.ts registers them itself.
import { Command, CommanderError } from 'commander';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, isReelhouseError } from '../../core/diagnostic.js';
import type { CliIo } from '../cli-context.js';
import type { NodeCommand } from '../../run/execute-invocation.js';
import { COMMAND_RUN_OPTIONS, withSelectionFlags, type SelectionFlags } from '../global-options.js';
import { runNodeCommand } from './node-commands.js';
import { registerOrchestrateCommands } from './pipeline-commands.js';
import { registerProjectCommands } from './project-commands.js';
import { withServerFlag, withWarehouseOwner, type OwnerFlags } from './warehouse-owner.js';

/** Runs the CLI (node, project and orchestration commands) and returns the exit code. */
export async function orchestrateCli(argv: string[], io: CliIo = {}): Promise<number> {
  let exitCode = 0;
  const program = new Command('reelhouse').exitOverride().configureOutput({
    writeOut: (s) => (io.sink ? io.sink.out(s.trimEnd()) : process.stdout.write(s)),
    writeErr: (s) => (io.sink ? io.sink.err(s.trimEnd()) : process.stderr.write(s)),
  });
  const setExit = (code: number): void => {
    exitCode = code;
  };
  // The node commands wrapped in withWarehouseOwner, as node-commands.ts does once wired.
  for (const name of ['run', 'build', 'test', 'seed', 'snapshot'] as NodeCommand[]) {
    withServerFlag(withSelectionFlags(program.command(name), COMMAND_RUN_OPTIONS[name]!)).action(async (flags: SelectionFlags & OwnerFlags, command: Command) =>
      setExit(await withWarehouseOwner(flags, io, command, () => runNodeCommand(name, flags, io))),
    );
  }
  registerProjectCommands(program, io, setExit);
  if (!program.commands.some((c) => c.name() === 'pipeline')) registerOrchestrateCommands(program, io, setExit);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const text = isReelhouseError(error) ? formatDiagnostic(error.diagnostic) : `Error: ${error instanceof Error ? error.stack : String(error)}`;
    if (io.sink) io.sink.err(text);
    else process.stderr.write(`${text}\n`);
    return 2;
  }
}

/** This file as a script path, for spawning a child process. */
export const orchestrateCliScript = fileURLToPath(import.meta.url);

if (process.argv[1] === orchestrateCliScript) {
  process.exitCode = await orchestrateCli(process.argv.slice(2));
}
