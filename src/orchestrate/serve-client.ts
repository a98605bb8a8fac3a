import { userError } from '../core/diagnostic.js';
import type { LogSink } from '../run/logger.js';
import type { JobStreamLine } from './job-routes.js';
import type { ServeLock } from './serve-lock.js';

/**
 * Hands a command line to the server that owns the warehouse and streams its output into `sink`
 * as it comes. Returns the command's exit code.
 */
export async function submitJob(lock: ServeLock, argv: string[], sink: LogSink, cwd?: string): Promise<number> {
  const host = lock.host.includes(':') ? `[${lock.host}]` : lock.host;
  let res: Response;
  try {
    res = await fetch(`http://${host}:${lock.port}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ argv, cwd }),
    });
  } catch (error) {
    throw userError('serve-unreachable',
      `reelhouse serve (pid ${lock.pid}) holds the warehouse but does not answer on port ${lock.port}: ${(error as Error).message}`,
      undefined, `Stop it (kill ${lock.pid}) or wait for it to finish starting, then run the command again.`);
  }
  if (!res.ok || !res.body) {
    throw userError('serve-job-refused', `reelhouse serve (pid ${lock.pid}) refused the job: HTTP ${res.status} ${await res.text()}`);
  }
  const decoder = new TextDecoder();
  let buffer = '';
  let exit: number | undefined;
  const handle = (text: string): void => {
    if (text.trim() === '') return;
    const line = JSON.parse(text) as JobStreamLine;
    if (line.type === 'exit') exit = line.code;
    else if (line.type === 'err') sink.err(line.line);
    else sink.out(line.line);
  };
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      handle(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  }
  handle(buffer + decoder.decode());
  if (exit === undefined) {
    throw userError('serve-job-lost', `reelhouse serve (pid ${lock.pid}) stopped before the job finished`, undefined,
      'Look at the server output, then run the command again.');
  }
  return exit;
}
