// modules.re's match and pattern objects answer what Python's do: lastindex and lastgroup (the
// group that closed last), re, pos and endpos, Pattern.flags with the UNICODE a str pattern
// implies, and a pattern repr that lists its flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderModel as render } from '../testing/make-project.js';

test('a match knows the group that closed last, its pattern, and the pos and endpos it searched within', () => {
  assert.equal(
    render("{% set m = modules.re.search('(?P<a>x)(y)?', 'zzxq') %}{{ m.lastgroup }} {{ m.lastindex }} {{ m.re }} {{ m.pos }} {{ m.endpos }}"),
    "a 1 re.compile('(?P<a>x)(y)?') 0 4",
  );
  // an enclosing group closes after the groups inside it; an empty group after the one before it
  assert.equal(
    render("{{ modules.re.search('((a)b)', 'ab').lastindex }} {{ modules.re.search('(a)()', 'a').lastindex }} {{ modules.re.search('(a())', 'a').lastindex }} {{ modules.re.search('(?P<w>(?P<v>a))', 'a').lastgroup }} {{ modules.re.search('(a)(b)', 'ab').lastgroup }}"),
    '1 2 1 w None',
  );
  assert.equal(render("{{ modules.re.search('a', 'a').lastindex }} {{ modules.re.search('a', 'a').lastgroup }}"), 'None None');
});

test('Pattern.match, search and fullmatch take pos and endpos, as Python clips the text with them', () => {
  const p = "{% set p = modules.re.compile('(a)(?P<n>b)') %}";
  assert.equal(render(`${p}{% set m = p.match('xab', 1) %}{{ m.lastgroup }} {{ m.span() }} {{ m.pos }} {{ m.endpos }} {{ m.string }}`), 'n (1, 3) 1 3 xab');
  assert.equal(render("{{ modules.re.compile('^b').match('ab', 1) }} {{ modules.re.compile('a$').search('ab', 0, 1) }} {{ modules.re.compile('a').fullmatch('ab', 0, 1) }}"),
    "None <re.Match object; span=(0, 1), match='a'> <re.Match object; span=(0, 1), match='a'>");
  assert.equal(render("{{ modules.re.compile('b').search('abcb', 2).start() }} {{ modules.re.compile('c').search('abcb', 3) }} {{ modules.re.compile('a', 8).fullmatch('a\\nb') }}"), '3 None None');
});

test('Pattern.flags counts UNICODE for a str pattern and inline flags, and the repr lists the flags', () => {
  assert.equal(
    render("{{ modules.re.compile('a').flags }} {{ modules.re.compile('a', modules.re.IGNORECASE).flags }} {{ modules.re.compile('(?i)a').flags }} {{ modules.re.compile('a', modules.re.ASCII).flags }}"),
    '32 34 34 256',
  );
  assert.equal(
    render("{{ modules.re.compile('a', modules.re.IGNORECASE) }} {{ modules.re.compile('(?s)a', 2 + 8) }} {{ modules.re.compile('a', 256 + 64) }} {{ modules.re.compile(\"it's\\\\d\") }} {{ modules.re.compile('a', 32) }}"),
    "re.compile('a', re.IGNORECASE) re.compile('(?s)a', re.IGNORECASE|re.MULTILINE|re.DOTALL) re.compile('a', re.VERBOSE|re.ASCII) re.compile(\"it's\\\\d\") re.compile('a')",
  );
});
