// SQL text scanning shared by the layers that read statements as text: quoting (a quote inside a
// string or a quoted name is written twice: 'it''s', "a""b") and comments.

/** The index just past the quote that closes the string or quoted name opened at `openAt`. */
export function endOfQuoted(sql: string, openAt: number, quote: string): number {
  let i = openAt + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** The index of the first character at or after `start` that is neither whitespace nor inside a line or block comment. */
export function skipSpaceAndComments(sql: string, start = 0): number {
  let i = start;
  for (;;) {
    while (i < sql.length && /\s/u.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else return i;
  }
}
