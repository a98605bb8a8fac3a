// The DuckDB worker's failures as errors a user can act on: a warehouse that would not open, a
// profile secret DuckDB refused. Kept apart from the worker, which only runs statements.
import { dirname } from 'node:path';
import { userError, type ReelhouseError } from '../../core/diagnostic.js';
import type { DuckDbSecret } from './protocol.js';

/** Says which `secrets:` entry DuckDB refused, and how to get the extension its type needs. */
export function secretError(error: unknown, secret: DuckDbSecret, index: number): ReelhouseError {
  // DuckDB may quote a value it could not use; a secret's values never reach the message.
  let message = firstLine(messageOf(error));
  for (const value of Object.values(secret.params).flatMap((v) => (typeof v === 'object' ? Object.values(v) : [String(v)]))) {
    if (value.length >= 4) message = message.split(value).join('*****');
  }
  const extension = /extension ["']([A-Za-z0-9_]+)["']/iu.exec(messageOf(error))?.[1];
  const missing = extension !== undefined && /autoloading|not found|install/iu.test(messageOf(error));
  // DuckDB's own first line ends in a colon, the reason on the lines after: say it in one.
  if (missing) message = `the ${secret.type} secret type needs DuckDB's ${extension} extension, which is not installed.`;
  // A secret the profile asked for another way (use_credential_provider) is named by that key.
  const where = secret.origin ?? 'secrets:';
  const remove = secret.origin === undefined ? 'the secret' : secret.origin.split(':')[0];
  const hint = missing
    ? `Reelhouse never downloads extensions: install ${extension} beforehand (INSTALL ${extension} with a DuckDB of the same version), or remove ${remove} from profiles.yml.`
    : 'Check the secrets: entries of the profile against DuckDB\'s CREATE SECRET parameters for that type.';
  const name = secret.name === null ? '' : ` (${secret.name})`;
  return userError('secret-failed', `Could not create secret ${index + 1}${name} of type ${secret.type} (profiles.yml ${where}): ${message}`, undefined, hint);
}

/** Turns DuckDB's open failures into errors a user can act on. */
export function openError(error: unknown, path: string, configKeys: string[] = []): ReelhouseError {
  const message = messageOf(error);
  if (configKeys.length > 0 && /option|setting|config/iu.test(message) && !/lock|No such file|Permission denied|Read-only file system|Not a directory/iu.test(message)) {
    return userError('invalid-setting', `DuckDB refused the profile's config_options: ${firstLine(message)}`, undefined, 'Check config_options in profiles.yml against DuckDB\'s configuration reference.');
  }
  const lock = /Could not set lock on file "([^"]+)":\s*Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(message);
  if (lock) {
    const [, file, program, pid] = lock;
    return userError(
      'warehouse-locked',
      `The warehouse ${file} is in use by another process (PID ${pid}, ${program}).`,
      undefined,
      `DuckDB allows one writer per database file. Stop that process, or run this command through the running \`reelhouse serve\` (its server owns the file). To only read, open it read-only.`,
    );
  }
  const needed = /required extension '([A-Za-z0-9_]+)'/u.exec(message)?.[1];
  if (needed && /^[a-z][a-z0-9+.-]*:\/\//iu.test(path)) {
    return userError(
      'warehouse-open-failed',
      `Could not open the warehouse ${path}: it is read through DuckDB's ${needed} extension, which is not installed.`,
      undefined,
      `Reelhouse never downloads extensions: install ${needed} beforehand (INSTALL ${needed} with a DuckDB of the same version), or set path: to a local DuckDB file.`,
    );
  }
  if (/^(md|motherduck):/iu.test(path)) {
    return userError(
      'warehouse-open-failed',
      `Could not open the MotherDuck database ${path.replace(/\?.*$/su, '')}: ${firstLine(message)}`,
      undefined,
      'A md: path is opened through DuckDB\'s motherduck extension and the MotherDuck service, with a token in MOTHERDUCK_TOKEN; Reelhouse never downloads extensions, so install motherduck beforehand (INSTALL motherduck with a DuckDB of the same version), or set path: to a local DuckDB file.',
    );
  }
  // DuckDB creates the file but not its folder; say which folder, and where the path comes from.
  const folder = dirname(path);
  const hint = /No such file or directory/u.test(message)
    ? `The folder ${folder} does not exist: create it, or set path: in the target's output in profiles.yml to a file in a folder that exists.`
    : /Permission denied|Read-only file system/iu.test(message)
      ? `The warehouse file or its folder ${folder} cannot be written: fix its permissions, or set path: in the target's output in profiles.yml to a writable place.`
      : /Not a directory/u.test(message)
        ? `Part of the folder ${folder} is a file, not a folder: set path: in the target's output in profiles.yml to a file in a folder.`
        : undefined;
  const failed = userError('warehouse-open-failed', `Could not open the warehouse ${path}: ${firstLine(message)}`, undefined, hint);
  // What dbt-duckdb raises as its runtime error: DuckDB's message as it is (debug reports it so).
  failed.diagnostic.dbtMessage = message;
  return failed;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
