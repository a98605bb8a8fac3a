import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listFiles, type FolderWalks } from './files.js';
import { writeProject } from './test-project.js';

test('listings of one package share folder walks and each finds its own files, extensions matched ignoring case', async () => {
  const p = await writeProject({
    'models/a.sql': 'select 1',
    'models/b.SQL': 'select 2',
    'models/props.yml': 'models: []',
    'models/sub/c.sql': 'select 3',
    'models/sub/more.YAML': 'models: []',
    'models/sub/notes.txt': 'x',
    'macros/m.sql': '{% macro m() %}{% endmacro %}',
  });
  try {
    const walks: FolderWalks = new Map();
    const [models, yamls, macros] = await Promise.all([
      listFiles(p.dir, ['models'], ['.sql', '.py'], walks),
      listFiles(p.dir, ['models', 'macros'], ['.yml', '.yaml'], walks),
      listFiles(p.dir, ['macros'], ['.sql'], walks),
    ]);
    assert.deepEqual(models.map((f) => [f.rel, f.relToResource]), [['models/a.sql', 'a.sql'], ['models/b.SQL', 'b.SQL'], ['models/sub/c.sql', 'sub/c.sql']]);
    assert.deepEqual(yamls.map((f) => f.rel), ['models/props.yml', 'models/sub/more.YAML']);
    assert.deepEqual(macros.map((f) => f.rel), ['macros/m.sql']);
    assert.deepEqual([...walks.keys()].length, 2, 'each folder is walked once');
    // A folder listed twice, or inside another listed folder, gives each file once.
    const nested = await listFiles(p.dir, ['models', 'models/sub', 'models'], ['.sql'], walks);
    assert.deepEqual(nested.map((f) => f.rel).sort(), ['models/a.sql', 'models/b.SQL', 'models/sub/c.sql']);
  } finally {
    await p.cleanup();
  }
});
