// Custom block tags a host registers (dbt's test, materialization, docs, snapshot).

/** How a custom `{% tag name ... %}...{% endtag %}` block is treated. */
export interface BlockTagSpec {
  /** The tag, e.g. 'test', 'materialization', 'docs', 'snapshot'. */
  tag: string;
  /** 'macro': the block defines a macro; 'capture': the body is kept as raw text and renders as nothing. */
  kind: 'macro' | 'capture';
  /** Name of the macro a macro-kind block defines, from the block's name and header keyword args. */
  macroName?: (name: string, headerKwargs: Record<string, unknown>) => string;
}

/** A top-level capture-kind block found in a template, with its raw body. */
export interface CapturedBlock {
  tag: string;
  name: string;
  body: string;
  line: number;
  bodyLine: number;
  filename: string;
}
