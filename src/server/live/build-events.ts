import type { ServerResponse } from 'node:http';
import type { LogSink } from '../../run/logger.js';
import { NODE_RESULT_EVENTS } from '../../run/node-events.js';

/** One structured event of a running build, as the Logger emits it (dbt's structured log shape, flattened). */
export interface BuildEvent {
  name: string;
  level: string;
  msg: string;
  ts: string;
  invocationId?: string;
  data: Record<string, unknown>;
}

/** Names of the events the browser follows: node starts and results, and the end of an invocation. */
const FORWARDED = new Set(['LogStartLine', ...NODE_RESULT_EVENTS, 'SkippingDetails', 'LogSkipBecauseError', 'StatsLine', 'FoundStats', 'ConcurrencyLine', 'FinishedRunningStats', 'EndOfRunSummary', 'CommandCompleted', 'MainEncounteredError', 'RunStarted', 'RunFinished']);

/**
 * Fans build progress out to browsers over server-sent events. Feed it either through
 * `listener` (a Logger `onEvent` hook) or through `jsonSink()`, a LogSink for a Logger in
 * JSON format that works with the Logger as it is.
 */
export class BuildEventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly recent: { id: number; event: BuildEvent }[] = [];
  private nextId = 1;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly replay = 500) {}

  /** Publishes one event to every connected browser. */
  readonly listener = (event: BuildEvent): void => {
    if (!FORWARDED.has(event.name)) return;
    const id = this.nextId++;
    this.recent.push({ id, event });
    if (this.recent.length > this.replay) this.recent.shift();
    const frame = frameOf(id, event);
    for (const res of this.clients) res.write(frame);
  };

  /** A LogSink that parses the Logger's JSON lines into events, then passes each line on to `next`. */
  jsonSink(next?: LogSink): LogSink {
    const take = (line: string): void => {
      try {
        const parsed = JSON.parse(line) as { info?: Record<string, unknown>; data?: Record<string, unknown> };
        if (parsed.info && typeof parsed.info.name === 'string') {
          this.listener({
            name: parsed.info.name,
            level: String(parsed.info.level ?? 'info'),
            msg: String(parsed.info.msg ?? ''),
            ts: String(parsed.info.ts ?? new Date().toISOString()),
            invocationId: typeof parsed.info.invocation_id === 'string' ? parsed.info.invocation_id : undefined,
            data: parsed.data ?? {},
          });
        }
      } catch {
        // Not a JSON event line: nothing to forward.
      }
    };
    return {
      out: (line) => {
        take(line);
        next?.out(line);
      },
      err: (line) => {
        take(line);
        next?.err(line);
      },
    };
  }

  /** Answers GET /api/events: replays recent events after Last-Event-ID, then streams. */
  attach(res: ServerResponse, lastEventId?: string): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const after = lastEventId === undefined ? 0 : Number(lastEventId) || 0;
    for (const { id, event } of this.recent) if (id > after) res.write(frameOf(id, event));
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => {
        for (const client of this.clients) client.write(': keep-alive\n\n');
      }, 15_000);
      this.heartbeat.unref();
    }
  }

  /** How many browsers are listening. */
  get listeners(): number {
    return this.clients.size;
  }

  /** Ends every stream (on server shutdown). */
  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}

function frameOf(id: number, event: BuildEvent): string {
  return `id: ${id}\nevent: build\ndata: ${JSON.stringify(event)}\n\n`;
}
