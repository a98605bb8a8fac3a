// The syntax tree the parser produces and the compiler consumes (plain data).

/** An expression node. */
export type Expr =
  | { type: 'Const'; value: unknown; line: number }
  | { type: 'Name'; name: string; line: number }
  | { type: 'List' | 'Tuple'; items: Expr[]; line: number }
  | { type: 'Dict'; pairs: [Expr, Expr][]; line: number }
  | { type: 'Getattr'; obj: Expr; attr: string; line: number }
  | { type: 'Getitem'; obj: Expr; arg: Expr; line: number }
  | { type: 'Slice'; start: Expr | null; stop: Expr | null; step: Expr | null; line: number }
  | ({ type: 'Call'; fn: Expr } & CallArgs)
  | ({ type: 'Filter'; node: Expr | null; name: string } & CallArgs)
  | ({ type: 'Test'; node: Expr; name: string } & CallArgs)
  | { type: 'BinOp'; op: string; left: Expr; right: Expr; line: number }
  | { type: 'Concat'; nodes: Expr[]; line: number }
  | { type: 'Compare'; expr: Expr; ops: [string, Expr][]; line: number }
  | { type: 'And' | 'Or'; left: Expr; right: Expr; line: number }
  | { type: 'Not' | 'Neg' | 'Pos'; node: Expr; line: number }
  | { type: 'CondExpr'; test: Expr; expr1: Expr; expr2: Expr | null; line: number };

/** Arguments of a call, filter or test. */
export interface CallArgs {
  args: Expr[];
  kwargs: [string, Expr][];
  dynArgs: Expr | null;
  dynKwargs: Expr | null;
  line: number;
}

/** An assignment target: a name, a tuple of targets, or `ns.attr`. */
export type Target =
  | { type: 'Name'; name: string; line: number }
  | { type: 'Tuple'; items: Target[]; line: number }
  | { type: 'NSRef'; name: string; attr: string; line: number };

/** A macro parameter. */
export interface Param {
  name: string;
  default: Expr | null;
}

/** A statement node. */
export type Stmt =
  | { type: 'Data'; text: string; line: number }
  | { type: 'Output'; expr: Expr; line: number }
  | { type: 'If'; test: Expr; body: Stmt[]; else_: Stmt[]; line: number }
  | {
      type: 'For';
      target: Target;
      iter: Expr;
      body: Stmt[];
      else_: Stmt[];
      test: Expr | null;
      recursive: boolean;
      line: number;
      /** Whether the body reads a name `loop` (found by the parser; when absent, search the body). */
      usesLoop?: boolean;
    }
  | { type: 'Assign'; target: Target; expr: Expr; line: number }
  | { type: 'AssignBlock'; target: Target; filters: Expr | null; body: Stmt[]; line: number }
  | { type: 'Macro'; name: string; params: Param[]; body: Stmt[]; line: number }
  | { type: 'CallBlock'; call: Expr; params: Param[]; body: Stmt[]; line: number }
  | { type: 'FilterBlock'; filters: Expr; body: Stmt[]; line: number }
  | { type: 'Do'; expr: Expr; line: number }
  | { type: 'With'; targets: Target[]; values: Expr[]; body: Stmt[]; line: number }
  | { type: 'Include'; template: Expr; withContext: boolean; ignoreMissing: boolean; line: number }
  | { type: 'Import'; template: Expr; target: string; withContext: boolean; line: number }
  | { type: 'FromImport'; template: Expr; names: [string, string][]; withContext: boolean; line: number }
  | { type: 'Extends'; template: Expr; line: number }
  | { type: 'Block'; name: string; body: Stmt[]; scoped: boolean; required: boolean; line: number }
  | { type: 'Break' | 'Continue'; line: number }
  | { type: 'Captured'; tag: string; name: string; body: string; line: number; bodyLine: number };

/** A parsed template. */
export interface TemplateAst {
  body: Stmt[];
}
