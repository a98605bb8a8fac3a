// Child process of kill.test.ts: builds round 2 of a scenario with a slow post-hook and
// announces the hook on stdout, so the parent can SIGKILL it inside the open transaction.
import { openDuckDb } from '../adapters/duckdb/index.js';
import { runScenario, type KillScenario } from './kill-scenarios.js';

const [path, scenario] = process.argv.slice(2) as [string, KillScenario];
const adapter = await openDuckDb({ path });
await runScenario(adapter, scenario, 2, true, () => process.stdout.write('in-transaction\n'));
process.stdout.write('finished\n');
await adapter.close();
