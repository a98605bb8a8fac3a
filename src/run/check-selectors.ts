// dbt reads every definition of selectors.yml when it loads the project: a broken one stops any
// command, and is reported at its entry in the file, not only once --selector names it.
import { join } from 'node:path';
import { isReelhouseError, userError } from '../core/diagnostic.js';
import { parseSelector, readSelectorDefinitions } from '../graph/index.js';
import type { LoadedProject } from '../project/load/index.js';

/** Parses each selector of the project; the first that cannot be read is an error at its line of selectors.yml. */
export function checkSelectors(loaded: LoadedProject): void {
  const file = join(loaded.projectDir, 'selectors.yml');
  const at = (error: unknown, name?: string): unknown => {
    if (!isReelhouseError(error)) return error;
    const line = name === undefined ? undefined : loaded.selectorLines?.[name];
    const { code, message, hint } = error.diagnostic;
    return userError(code, message, { file, ...(line === undefined ? {} : { line }) }, hint, error);
  };
  let definitions: ReturnType<typeof readSelectorDefinitions>;
  try {
    definitions = readSelectorDefinitions(loaded.selectors);
  } catch (error) {
    throw at(error);
  }
  for (const name of definitions.keys()) {
    try {
      parseSelector(name, definitions);
    } catch (error) {
      throw at(error, name);
    }
  }
}
