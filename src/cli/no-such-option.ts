// The usage error for an option a command does not take, worded as dbt's command line (click)
// words it: the command's usage line, how to get its help, then `No such option` with the
// closest options it does take.
import { CommanderError, type Command } from 'commander';

/** The text printed for an unknown option `flag` of `command`, named on the command line as `path`. */
export function noSuchOptionText(command: Command, path: string, flag: string): string {
  const name = flag.includes('=') ? flag.slice(0, flag.indexOf('=')) : flag;
  let message = `No such option: ${name}`;
  if (name.startsWith('--')) {
    const longs = [...new Set(command.options.flatMap((o) => (o.long ? [o.long] : [])))];
    const close = closeMatches(name, longs);
    if (close.length === 1) message += ` Did you mean ${close[0]}?`;
    else if (close.length > 1) message += ` (Possible options: ${[...close].sort().join(', ')})`;
  }
  const args = command.registeredArguments.map((a) => (a.required ? a.name().toUpperCase() : `[${a.name().toUpperCase()}]`));
  return [`Usage: ${path} [OPTIONS]${args.length ? ` ${args.join(' ')}` : ''}`, `Try '${path} -h' for help.`, '', `Error: ${message}`].join('\n');
}

/** Makes `command` report unknown options in dbt's words, with exit code 2. */
export function useNoSuchOption(command: Command, path: string, writeErr: (text: string) => void): void {
  // Commander has no public hook for this message, so its handler is replaced on the instance.
  (command as unknown as { unknownOption(flag: string): never }).unknownOption = (flag: string): never => {
    const text = noSuchOptionText(command, path, flag);
    writeErr(`${text}\n`);
    throw new CommanderError(2, 'commander.unknownOption', text);
  };
}

/** Up to three candidates whose similarity to `word` is at least 0.6, best first, as Python's difflib.get_close_matches. */
function closeMatches(word: string, candidates: readonly string[]): string[] {
  return candidates
    .map((c) => ({ c, score: similarity(word, c) }))
    .filter((x) => x.score >= 0.6)
    .sort((x, y) => y.score - x.score)
    .slice(0, 3)
    .map((x) => x.c);
}

/** Twice the characters the two strings share in order (longest common blocks first) over their total length. */
function similarity(a: string, b: string): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * matchingChars(a, 0, a.length, b, 0, b.length)) / total;
}

function matchingChars(a: string, alo: number, ahi: number, b: string, blo: number, bhi: number): number {
  let bestI = alo;
  let bestJ = blo;
  let bestSize = 0;
  for (let i = alo; i < ahi; i++) {
    for (let j = blo; j < bhi; j++) {
      let k = 0;
      while (i + k < ahi && j + k < bhi && a[i + k] === b[j + k]) k++;
      if (k > bestSize) {
        bestI = i;
        bestJ = j;
        bestSize = k;
      }
    }
  }
  if (bestSize === 0) return 0;
  return bestSize + matchingChars(a, alo, bestI, b, blo, bestJ) + matchingChars(a, bestI + bestSize, ahi, b, bestJ + bestSize, bhi);
}
