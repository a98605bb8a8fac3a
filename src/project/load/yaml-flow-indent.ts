// PyYAML accepts a flow collection (`{ ... }`, `[ ... ]`) nested in block YAML whose later
// lines sit at or left of the block that holds it, e.g. a closing `}` under the `-` of its
// list item. The YAML library rejects that as a bad indent. Whitespace at the start of a line
// inside a flow collection carries no meaning, so such lines can be pushed right until they
// are indented past their block without changing what the document says; line numbers stay.

/** The text with every line inside a flow collection indented past the block line that opened it. */
export function indentFlowContinuations(text: string): string {
  const lines = text.split('\n');
  let depth = 0; // open flow brackets
  let openIndent = 0; // column of the block key whose value is the outermost open flow collection
  let quote: '' | "'" | '"' = '';
  let blockScalarIndent = -1; // >= 0 while inside a `|` / `>` block scalar started at this indentation
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const indent = line.length - line.trimStart().length;
    if (blockScalarIndent >= 0) {
      if (line.trim() === '' || indent > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }
    if (depth > 0 && line.trim() !== '' && indent <= openIndent) {
      line = ' '.repeat(openIndent + 1 - indent) + line;
      lines[i] = line;
    }
    let valueStart = depth === 0 && quote === ''; // a flow collection may open here in block context
    for (let j = 0; j < line.length; j++) {
      const c = line[j]!;
      if (quote === "'") {
        if (c === "'") {
          if (line[j + 1] === "'") j++;
          else quote = '';
        }
        continue;
      }
      if (quote === '"') {
        if (c === '\\') j++;
        else if (c === '"') quote = '';
        continue;
      }
      if (c === ' ' || c === '\t') continue;
      if (c === '#' && (j === 0 || line[j - 1] === ' ' || line[j - 1] === '\t')) break;
      if (depth === 0) {
        if (valueStart && (c === '{' || c === '[')) {
          openIndent = keyColumn(line);
          depth = 1;
        } else if (valueStart && (c === "'" || c === '"')) {
          quote = c;
        } else if (c === '-' && valueStart && (line[j + 1] === ' ' || j + 1 === line.length)) {
          // a list item: its value may open a flow collection next
        } else if (c === ':' && (line[j + 1] === ' ' || j + 1 === line.length)) {
          valueStart = true;
          continue;
        } else if (valueStart && (c === '|' || c === '>') && /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(j))) {
          blockScalarIndent = indent;
          break;
        } else {
          valueStart = false; // a plain scalar: brackets inside it are text
          while (j + 1 < line.length && !(line[j + 1] === ':' && (line[j + 2] ?? ' ') === ' ')) {
            if (line[j + 1] === '#' && line[j] === ' ') break;
            j++;
          }
        }
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
      else if (c === "'" || c === '"') quote = c;
    }
    if (depth < 0) depth = 0;
  }
  return lines.join('\n');
}

// Column of a line's first key, past any `- ` list-item markers.
function keyColumn(line: string): number {
  const m = /^[ ]*(?:-[ ]+)*/.exec(line);
  return m ? m[0].length : 0;
}
