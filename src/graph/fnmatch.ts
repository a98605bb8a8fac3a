// Unix shell-style wildcards as dbt's selector methods use them (Python's fnmatch):
// `*` any run of characters, `?` one character, `[abc]` / `[a-z]` / `[!abc]` one character of a set.

const cache = new Map<string, RegExp>();

/** True when the pattern has a wildcard character. */
export function hasWildcard(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}

/** Compiles an fnmatch pattern; `*` crosses `/` and `.` as in Python's fnmatch. */
export function fnmatchRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  re = new RegExp(`^${translate(pattern, false)}$`, 's');
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Whether `name` matches the fnmatch `pattern` (case-sensitive, as on POSIX). */
export function fnmatch(name: string, pattern: string): boolean {
  if (!hasWildcard(pattern)) return name === pattern;
  return fnmatchRegExp(pattern).test(name);
}

/** Compiles a path glob: `*` and `?` stay inside one path segment, `**` spans segments. */
export function pathGlobRegExp(pattern: string): RegExp {
  return new RegExp(`^${translate(pattern, true)}$`, 's');
}

function translate(pattern: string, pathMode: boolean): string {
  let out = '';
  const n = pattern.length;
  let i = 0;
  while (i < n) {
    const c = pattern[i] as string;
    i++;
    if (c === '*') {
      if (pathMode && pattern[i] === '*') {
        i++;
        if (pattern[i] === '/') {
          i++;
          out += '(?:.*/)?';
        } else {
          out += '.*';
        }
      } else {
        while (!pathMode && pattern[i] === '*') i++;
        out += pathMode ? '[^/]*' : '.*';
      }
    } else if (c === '?') {
      out += pathMode ? '[^/]' : '.';
    } else if (c === '[') {
      let j = i;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < n && pattern[j] !== ']') j++;
      if (j >= n) {
        out += '\\[';
      } else {
        let body = pattern.slice(i, j).replace(/\\/g, '\\\\');
        i = j + 1;
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        else if (body.startsWith('^')) body = `\\${body}`;
        out += `[${body}]`;
      }
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return out;
}
