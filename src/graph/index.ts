// The graph layer's public surface: linking, the DAG, and dbt's node selection.
export { linkManifest, linkManifestWithGraph } from './link-manifest.js';
export { Graph, cycleError } from './graph.js';
export { selectNodes } from './select.js';
export { parseCriterion, parseSelectionArgs, SELECTOR_METHODS } from './selector-parser.js';
export { readSelectorDefinitions, parseSelector, defaultSelectorName, type SelectorDefinition } from './yaml-selectors.js';
export type {
  IndirectSelection,
  PreviousResults,
  FreshnessResults,
  SelectionSpec,
  SelectionResult,
  SelectionCriterion,
  SelectionGroup,
  SelectionExpr,
} from './selection-spec.js';
export { recordValues } from './graph-members.js';
