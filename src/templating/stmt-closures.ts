// The closures compiled statements are made of (see closure-stmt.ts). Each is made by a
// function of its own, outside the compiler's methods: a closure keeps the context of the
// function that made it, so one made in a method would keep that method's variables (and
// with `this`, the compiler: its scopes, its template's functions) alive as long as the
// template (see closure-runtime.ts).
import { NEXT } from './closure-runtime.js';
import type { Ev, Ex, Frame } from './closure-runtime.js';
import type { Runtime } from './runtime.js';

type Assign = (f: Frame, value: unknown) => void;

/** `{% if %}`: records its line, then runs the body or the other branch. */
export function ifStmt(line: number, test: (f: Frame) => boolean, body: Ex, other: Ex): Ex {
  return (f) => ((f.ln = line), test(f) ? body(f) : other(f));
}

/** `{% set target = x %}` for a target other than a name. */
export function assignStmt(line: number, assign: Assign, x: Ev): Ex {
  return (f) => ((f.ln = line), assign(f, x(f)), NEXT);
}

/** `{% do x %}`. */
export function doStmt(line: number, x: Ev): Ex {
  return (f) => ((f.ln = line), x(f), NEXT);
}

/** `{% set name = x %}` at the top level: a local and a variable of the context (exported, read by imports). */
export function setTop(line: number, slot: number, name: string, x: Ev): Ex {
  return (f) => {
    f.ln = line;
    const v = x(f);
    f.v[slot] = v;
    f.c.vars[name] = v;
    return NEXT;
  };
}

/** `{% set name = x %}` in a nested scope. */
export function setSlot(line: number, slot: number, x: Ev): Ex {
  return (f) => {
    f.ln = line;
    f.v[slot] = x(f);
    return NEXT;
  };
}

/** A scope's initialiser for one name: read from the context when nothing encloses it (`contextName`), else by `ld`. */
export function initOne(slot: number, ld: Ev, contextName: string | null): (f: Frame) => void {
  if (contextName !== null) return initFromContext(slot, contextName);
  return (f) => {
    f.v[slot] = ld(f);
  };
}

function initFromContext(slot: number, name: string): (f: Frame) => void {
  return (f) => {
    f.v[slot] = f.c.get(name);
  };
}

/** A scope's initialiser for several names. */
export function initAll(all: [number, Ev][]): (f: Frame) => void {
  return (f) => {
    for (const [slot, ld] of all) f.v[slot] = ld(f);
  };
}

/** Assigns `ns.attr` of a namespace. */
export function assignNs(rt: Runtime, ns: Ev, attr: string): Assign {
  return (f, v) => rt.setNs(ns(f), attr, v);
}

/** Assigns a top-level name: a local and a variable of the context. */
export function assignTop(slot: number, name: string): Assign {
  return (f, v) => {
    f.v[slot] = v;
    f.c.vars[name] = v;
  };
}

/** Assigns a name of a nested scope. */
export function assignSlot(slot: number): Assign {
  return (f, v) => {
    f.v[slot] = v;
  };
}

/** Records a statement's line, then runs it (the statements without a closure of their own that does). */
export function lineStmt(line: number, x: Ex): Ex {
  return (f) => ((f.ln = line), x(f));
}

/** Unpacks a value into several targets (`{% set a, b = x %}`, `{% for k, v in ... %}`). */
export function unpackInto(rt: Runtime, items: Assign[]): Assign {
  const n = items.length;
  return (f, v) => {
    const parts = rt.unpack(v, n);
    for (let i = 0; i < n; i++) items[i]!(f, parts[i]);
  };
}
