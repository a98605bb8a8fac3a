// dbt's --warn-error and --warn-error-options: which warnings become errors, and which are silenced.
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../core/diagnostic.js';
import { userError } from '../core/diagnostic.js';
import { diagnosticEventName } from '../run/diagnostic-events.js';
import { eventCode } from '../run/event-codes.js';
import { isDbtEventName } from './dbt-event-names.js';

/** Decides, by dbt event name, whether a warning is raised as an error, printed, or silenced. */
export interface WarnErrorPolicy {
  /** True when the warning named `event` must be raised as an error. */
  errors(event: string): boolean;
  /** True when the warning named `event` must not be printed at all (`silence:`). */
  silenced(event: string): boolean;
}

/** No warning becomes an error: dbt's default. */
export const WARN_NOTHING: WarnErrorPolicy = { errors: () => false, silenced: () => false };

/** `--warn-error`: every warning becomes an error. */
export const WARN_EVERYTHING: WarnErrorPolicy = { errors: () => true, silenced: () => false };

/**
 * Parses `--warn-error-options` (a YAML or JSON mapping) as dbt does: `error`/`include` is `all`,
 * `*` or a list of event names; `warn`/`exclude` lists names kept as warnings; `silence` lists
 * names not printed. dbt accepts the older include/exclude and the newer error/warn spellings, not both at once.
 */
export function parseWarnErrorOptions(text: string, source = '--warn-error-options'): WarnErrorPolicy {
  let value: unknown;
  try {
    value = typeof text === 'string' ? parseYaml(text) : text;
  } catch (error) {
    throw userError('usage', `${source} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, undefined, OPTIONS_HINT);
  }
  return warnErrorPolicyOf(value, source);
}

/** Builds the policy from an already parsed mapping (the `warn_error_options` project flag). */
export function warnErrorPolicyOf(value: unknown, source: string): WarnErrorPolicy {
  if (value === null || value === undefined || value === '') return WARN_NOTHING;
  if (typeof value !== 'object' || Array.isArray(value)) throw userError('usage', `${source} must be a mapping`, undefined, OPTIONS_HINT);
  const options = value as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!['include', 'exclude', 'error', 'warn', 'silence'].includes(key)) {
      throw userError('usage', `${source} has an unknown key '${key}'`, undefined, OPTIONS_HINT);
    }
  }
  if ('include' in options && 'error' in options) throw userError('usage', `${source}: give 'error' or 'include', not both`, undefined, OPTIONS_HINT);
  if ('exclude' in options && 'warn' in options) throw userError('usage', `${source}: give 'warn' or 'exclude', not both`, undefined, OPTIONS_HINT);
  const included = options['error'] ?? options['include'];
  const all = included === 'all' || included === '*';
  const errorNames = all ? new Set<string>() : names(included, 'error', source);
  const warnNames = names(options['warn'] ?? options['exclude'], 'warn', source);
  const silenceNames = names(options['silence'], 'silence', source);
  // dbt only lets `warn` carve exceptions out of something broader: every warning, or the deprecations.
  if (warnNames.size > 0 && !all && !errorNames.has(DEPRECATIONS) && !silenceNames.has(DEPRECATIONS)) {
    throw userError('usage', `${source}: 'warn' can only be given when 'error' is 'all' or '*', or '${DEPRECATIONS}' is in 'error' or 'silence'`, undefined, OPTIONS_HINT);
  }
  for (const name of [...errorNames, ...warnNames, ...silenceNames]) {
    if (name !== DEPRECATIONS && !isDbtEventName(name) && !REELHOUSE_CODE.test(name)) {
      throw userError('usage', `${source}: ${name} is not a valid dbt error name.`, undefined, `List dbt event names (such as NoNodesForSelectionCriteria or LogTestResult) or '${DEPRECATIONS}'; give every warning as "error": "all".`);
    }
  }
  // dbt's order: an event named in a list beats the Deprecations group, which beats all; and
  // within one level silence beats warn, which beats error.
  const isDeprecation = (event: string): boolean => eventCode(event).startsWith('D');
  return {
    errors: (event) => {
      const namedElsewhere = warnNames.has(event) || silenceNames.has(event);
      if (namedElsewhere) return false;
      if (errorNames.has(event)) return true;
      const deprecationElsewhere = isDeprecation(event) && (warnNames.has(DEPRECATIONS) || silenceNames.has(DEPRECATIONS));
      if (deprecationElsewhere) return false;
      return all || (isDeprecation(event) && errorNames.has(DEPRECATIONS));
    },
    silenced: (event) => {
      if (silenceNames.has(event)) return true;
      return isDeprecation(event) && silenceNames.has(DEPRECATIONS) && !errorNames.has(event) && !warnNames.has(event);
    },
  };
}

/** The group name dbt accepts in each list for every deprecation warning (event codes D...). */
const DEPRECATIONS = 'Deprecations';

/** Reelhouse's own warning codes (kebab-case), listed where dbt has no event for the warning. */
const REELHOUSE_CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/u;

function names(value: unknown, key: string, source: string): Set<string> {
  if (value === undefined || value === null) return new Set();
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return new Set(value as string[]);
  throw userError('usage', `${source}: '${key}' must be a list of event names${key === 'error' ? ", or 'all'" : ''}`, undefined, OPTIONS_HINT);
}

const OPTIONS_HINT = `For example: --warn-error-options '{"error": "all", "warn": ["NoNodesForSelectionCriteria"]}'`;

/**
 * dbt's name for the warning a Reelhouse event or diagnostic stands for, which is what
 * --warn-error-options lists. A diagnostic is logged under dbt's name where dbt has one (see
 * diagnosticEventName); warnings dbt has no counterpart for keep their Reelhouse code.
 */
export function dbtEventName(name: string, diagnostic: Diagnostic | undefined): string {
  if (diagnostic) return name === 'Note' || name === 'MainEncounteredError' ? (diagnosticEventName(diagnostic) ?? diagnostic.code) : name;
  return name;
}

/**
 * Warnings that are never raised as errors: the run summary and node results (a test's warn
 * status is turned into a failure where it is decided), a cancelled run, and Reelhouse's own
 * notices (the default profile) that dbt has no warning for.
 */
export function isEscalatable(name: string, diagnostic: Diagnostic | undefined): boolean {
  // dbt fires InvalidDisabledTargetInTestNode as a plain event, never through warn_or_error;
  // profile-python-only stands for dbt-duckdb's own logger warnings, which --warn-error leaves alone.
  if (diagnostic) return diagnostic.code !== 'profile-default' && diagnostic.code !== 'test-target-disabled' && diagnostic.code !== 'profile-python-only';
  return !['EndOfRunSummary', 'DeprecationsSummary', 'LogModelResult', 'LogSeedResult', 'LogSnapshotResult', 'RunResultFailure', 'RunResultWarning', 'RunResultWarningMessage', 'RunCancelled', 'Note', 'LogTestResult', 'LogBatchResult'].includes(name);
}
