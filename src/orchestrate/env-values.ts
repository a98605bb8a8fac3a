import { visit, type Document } from 'yaml';
import { userError, type SourceLocation } from '../core/diagnostic.js';
import { replaceEnvVarCalls } from '../ingest/config/env-file.js';

/** Environment variables as pipelines.yml sees them (the process environment over the project's .env). */
export type EnvLookup = Record<string, string | undefined>;

/**
 * Replaces dbt's `{{ env_var('NAME') }}` and `{{ env_var('NAME', 'default') }}` in every value
 * of a parsed pipelines.yml (keys are left alone), in place. A variable that is unset (or empty)
 * takes its default; without one it is an error naming the file and line. Returns the values
 * that came from the environment, so that output can mask them (health-check URLs carry tokens).
 */
export function substituteEnvVars(doc: Document, env: EnvLookup, at: (node: unknown) => SourceLocation): string[] {
  const secrets = new Set<string>();
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('env_var')) return;
      const text = node.value;
      const where = at(node);
      const replaced = replaceEnvVarCalls(text, (name, fallback) => {
        const found = env[name];
        if (found !== undefined && found !== '') {
          secrets.add(found);
          return found;
        }
        if (fallback !== undefined) return fallback;
        throw userError('env-var-missing', `The environment variable ${name} used in pipelines.yml is not set and has no default.`, where,
          `Set ${name} in the environment or in the project's .env file, or give a default: {{ env_var('${name}', 'default') }}.`);
      });
      if (/\benv_var\s*\(/.test(replaced)) {
        throw userError('pipeline-invalid', 'pipelines.yml only understands env_var written as {{ env_var(\'NAME\') }} or {{ env_var(\'NAME\', \'default\') }}.', where,
          'Quote the name (and the default) and put the call alone inside {{ }}, without filters.');
      }
      node.value = replaced;
    },
  });
  return [...secrets];
}

/** Shorter values (a region, a target name) are too likely to be ordinary words to mask. */
const MIN_SECRET_LENGTH = 6;

/** Masks `secrets` (those of six characters or more) in a line of output. */
export function maskSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join('****');
  return out;
}

/** A URL that is safe to print: scheme and host only (the path and query of a health check are its secret). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = parsed.pathname.replace(/^\/+/, '') !== '' || parsed.search !== '';
    return `${parsed.protocol}//${parsed.host}${hidden ? '/****' : ''}`;
  } catch {
    return '(an invalid URL)';
  }
}
