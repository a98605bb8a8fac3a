// A string enum member behaves as its str everywhere a template uses one, and answers .value and .name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment, PyStrEnum } from './index.js';

const env = new Environment();
const render = (source: string): string =>
  env.renderString(source, { s: new PyStrEnum('success', 'RunStatus'), p: new PyStrEnum('partial success', 'RunStatus'), rows: [{ status: new PyStrEnum('success', 'RunStatus') }, { status: new PyStrEnum('error', 'RunStatus') }] });

test('a str enum member compares, sorts, joins, formats and filters as its str, and has .value and .name', () => {
  assert.equal(render("{{ s == 'success' }} {{ 'success' == s }} {{ s != 'error' }} {{ s in ['success'] }} {{ 'succ' in s }}"), 'True True True True True');
  assert.equal(render('{{ s.value }} {{ s.name }} {{ p.name }} {{ s.upper() }} {{ s | upper }} {{ s is string }} {{ s[0] }} {{ s | length }}'), 'success Success PartialSuccess SUCCESS SUCCESS True s 7');
  assert.equal(render("{{ s ~ '!' }} {{ s + '!' }} {{ ','.join([s, p]) }} {{ 'x'.startswith(s) }} {{ '%s' % s }}"), 'success! success! success,partial success False success');
  assert.equal(render("{{ rows | sort(attribute='status') | map(attribute='status') | join(',') }} {{ rows | selectattr('status', 'equalto', 'error') | list | length }} {{ 'error' < s }}"), 'error,success 1 True');
  assert.equal(render('{{ [s] }}'), "[<RunStatus.Success: 'success'>]");
});
