// SQL quoting shared by the layers that scan statements as text: a quote inside a string or a
// quoted name is written twice ('it''s', "a""b").

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
