// A member of a Python string enum (dbt's RunStatus, TestStatus, NodeType are `StrEnum`s): a
// str in every way templates use one, that also answers `.value` and `.name` as an Enum does.
import { NotImplemented } from './values.js';
import { strRepr } from './py-literals.js';

/** A string enum member: `status == 'success'`, and `status.value` is 'success' too. */
export class PyStrEnum {
  constructor(
    readonly value: string,
    /** The enum's class name, for repr: RunStatus, NodeType... */
    readonly enumName: string,
  ) {}
  /** The member's name: `partial success` is PartialSuccess, `no-op` NoOp. */
  get name(): string {
    return this.value.split(/[ _-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  }
  toString(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
  __str__(): string {
    return this.value;
  }
  __repr__(): string {
    return `<${this.enumName}.${this.name}: ${strRepr(this.value)}>`;
  }
  __eq__(other: unknown): unknown {
    return typeof other === 'string' || other instanceof PyStrEnum ? String(other) === this.value : NotImplemented;
  }
  __hash__(): string {
    return this.value;
  }
}

/** The str a string enum member stands for; any other value as it is. */
export function unwrapStrEnum(v: unknown): unknown {
  return v instanceof PyStrEnum ? v.value : v;
}
