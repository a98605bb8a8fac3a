// Public surface of the templating layer: a Jinja2 engine with dbt's semantics.
export { Environment } from './environment.js';
export type { EnvironmentOptions, TemplateSource } from './environment.js';
export type { Template, MacroDefinition, Macro } from './template.js';
export type { BlockTagSpec, CapturedBlock } from './block-tags.js';
export { TemplateError } from './errors.js';
export { Kwargs, isUndefined, pyRepr, pyStr, toPlain } from './values.js';
