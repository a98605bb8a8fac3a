// logs/dbt.log: the file log dbt writes beside the console, appended to by every invocation.
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

const open = new Set<LogFile>();

/** Lines waiting to be appended to one log file; written in batches so logging stays cheap. */
export class LogFile {
  private lines: string[] = [];
  private bytes = 0;
  private started = false;
  private timer: NodeJS.Timeout | undefined;

  /** `maxBytes`: dbt's --log-file-max-bytes; a larger file is rotated to dbt.log.1 (up to .5) when first written (0: never). */
  constructor(readonly path: string, private readonly maxBytes: number) {}

  /** Queues one line (or several, joined by newlines). */
  write(text: string): void {
    this.lines.push(text);
    this.bytes += text.length + 1;
    open.add(this);
    if (this.bytes > 64 * 1024) this.flush();
    else if (!this.timer) {
      // A long-running command (serve, a pipeline) still gets its lines on disk within a second.
      this.timer = setTimeout(() => this.flush(), 1000);
      this.timer.unref();
    }
  }

  /** Appends the queued lines to the file now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    open.delete(this);
    if (this.lines.length === 0) return;
    const text = `${this.lines.join('\n')}\n`;
    this.lines = [];
    this.bytes = 0;
    try {
      if (!this.started) {
        this.started = true;
        mkdirSync(join(this.path, '..'), { recursive: true });
        this.rotate();
      }
      appendFileSync(this.path, text);
    } catch {
      // A log file that cannot be written (read-only folder) must not fail the command, as in dbt.
    }
  }

  private rotate(): void {
    if (this.maxBytes <= 0 || !existsSync(this.path) || statSync(this.path).size < this.maxBytes) return;
    for (let i = 4; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
  }
}

/** Writes every queued log line to disk; the CLI calls it when a command ends. */
export function flushLogFiles(): void {
  for (const file of [...open]) file.flush();
}
