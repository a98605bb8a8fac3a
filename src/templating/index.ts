// Public surface of the templating layer: a Jinja2 engine with dbt's semantics.
//
// Values crossing the boundary: Python ints and non-integral floats are JS numbers; a float
// with an integral value (`2.0`) is a PyFloat box whose valueOf() is the number; tuples are
// arrays (tagged); dicts are plain objects, or a PyDict when a key is not a string
// ({1: 'a'}); None is null; an undefined name is an Undefined (test with isUndefined). Host
// code that wants plain JSON-able data calls toPlain(value). Host objects take part in
// operators, `in`, len, item access, iteration, printing, truth tests, comparisons, sorting
// and calls through Python's special methods written as JS methods (`__add__`, `__eq__`,
// `__lt__`, `__len__`, `__contains__`, `__getitem__` (given a PySlice for `obj[a:b]`), `__iter__`, `__str__`, `__repr__`,
// `__bool__`, `__call__`...); a binary one returns NotImplemented to let the other operand try.
export { Environment } from './environment.js';
export type { EnvironmentOptions, TemplateSource } from './environment.js';
export type { Template, MacroDefinition, Macro } from './template.js';
export type { BlockTagSpec, CapturedBlock } from './block-tags.js';
export { TemplateError } from './errors.js';
export { tooManyMacroArguments, unknownMacroKeyword } from './macro-arguments.js';
export { Decimal } from './decimal.js';
export { PyInt } from './py-int.js';
export { PyOrdered } from './py-ordered.js';
export { stringifyPythonJson } from './python-json-numbers.js';
export { ensureAscii, jsonDumpsSortKeys } from './json-dumps.js';
export { unrenderedConfigCall } from './static-config.js';
export type { WrittenConfigCall } from './static-config.js';
export type { TemplateAst } from './ast.js';
export type { StaticCall } from './static-calls.js';
export { Kwargs, NotImplemented, PY_ATTRIBUTES, PY_MAPPING, PY_MISSING_IS_NONE, PY_TYPE_NAME, PyDict, PyFloat, Undefined, isUndefined, pySetOf, pyRepr, pyStr, tuple, typeName } from './values.js';
export { PySlice } from './py-slice.js';
export { PyStrEnum } from './str-enum.js';
// A dict's (key, value) pairs as Python holds them: keys as given (numbers, tuples, None), in insertion order.
export { dictEntries as pyDictEntries } from './values-dict.js';
export { toPlain } from './to-plain.js';
// Python's truth test, == and < for host code that calls back into template values (sort keys, predicates).
export { truthy as pyTruthy } from './values.js';
export { eq as pyEq, lt as pyLt } from './ops.js';
