// Reads a package's resource files into nodes: models, analyses, singular tests, snapshots
// ({% snapshot %} blocks), seeds, macros ({% macro %}, {% test %}, {% materialization %})
// and docs blocks. YAML property files are returned for the properties parser.
import { readFile, stat } from 'node:fs/promises';
import { userError } from '../../core/diagnostic.js';
import type { DocNode, MacroNode } from '../types.js';
import { blockMacroName, findBlocks, lineAt, type BlockKind } from './jinja-blocks.js';
import { fileChecksum, folderParts, fqnOf, hasExtension, listFiles, sha256, stem, strippedBounds, type FolderWalks, type FoundFile } from './files.js';
import type { MacroFile } from './load-types.js';
import { addNode, correctedAnalyses, makeNode, type LoadState, type PackageContext } from './load-state.js';
import { manifestMacroPackage } from '../context/adapter-package.js';
import { GLOBAL_PACKAGE } from '../context/macro-registry.js';
import { indexedMacroFile, MACRO_BLOCKS } from './macro-file-index.js';
import { signatureArguments } from './macro-arguments.js';

/** A YAML file to parse for properties. */
export type TextFile = FoundFile & { text: string };

/** Loads every resource file of one package; returns its YAML property files. */
export async function loadPackageResources(state: LoadState, pkg: PackageContext, macroFiles: MacroFile[]): Promise<TextFile[]> {
  const p = pkg.project;
  const yamlDirs = [...new Set([...p.modelPaths, ...p.seedPaths, ...p.snapshotPaths, ...p.analysisPaths, ...p.macroPaths, ...p.testPaths])];
  const walks: FolderWalks = new Map();
  const [models, seeds, tests, analyses, macros, snapshots, docs, yamls] = await Promise.all([
    listFiles(pkg.root, p.modelPaths, ['.sql', '.py'], walks),
    listFiles(pkg.root, p.seedPaths, ['.csv'], walks),
    listFiles(pkg.root, p.testPaths, ['.sql'], walks),
    listFiles(pkg.root, p.analysisPaths, ['.sql'], walks),
    listFiles(pkg.root, p.macroPaths, ['.sql'], walks),
    listFiles(pkg.root, p.snapshotPaths, ['.sql'], walks),
    listFiles(pkg.root, p.docsPaths, ['.md'], walks),
    listFiles(pkg.root, yamlDirs, ['.yml', '.yaml'], walks),
  ]);
  const genericTests = tests.filter((f) => f.relToResource.startsWith('generic/'));
  // As dbt: .sql files under <test path>/fixtures are unit test fixtures, not singular tests.
  const singularTests = tests.filter((f) => !f.relToResource.startsWith('generic/') && !f.relToResource.startsWith('fixtures/'));

  const [modelTexts, testTexts, analysisTexts, macroTexts, snapshotTexts, docTexts, yamlTexts, seedHashes] = await Promise.all([
    state.reader.readAll(models),
    state.reader.readAll(singularTests),
    state.reader.readAll(analyses),
    state.reader.readAll([...macros, ...genericTests]),
    state.reader.readAll(snapshots),
    state.reader.readAll(docs),
    state.reader.readAll(yamls),
    Promise.all(seeds.map(async (f) => ((await stat(f.abs)).size > MAXIMUM_SEED_SIZE ? undefined : fileChecksum(await readFile(f.abs, 'utf8'))))),
  ]);

  // In the order of dbt's parsers: models, snapshots, analyses, singular tests, then seeds; the
  // manifest lists nodes (and graph_summary.json numbers them) in the order they were made.
  for (const f of modelTexts) addCodeNode(state, pkg, f, 'model');
  for (const f of snapshotTexts) addSnapshots(state, pkg, f);
  for (const f of analysisTexts) addCodeNode(state, pkg, f, 'analysis');
  for (const f of testTexts) addCodeNode(state, pkg, f, 'test');
  seeds.forEach((f, i) => {
    const name = stem(f.rel);
    const node = makeNode(state, pkg, {
      resourceType: 'seed', name, uniqueId: `seed.${pkg.name}.${name}`, fqn: [pkg.name, ...folderParts(f.relToResource), name],
      file: f.abs, rel: f.rel, path: f.relToResource, rawCode: '', checksum: seedHashes[i] ?? '',
    });
    if (seedHashes[i] === undefined) node.checksum = { name: 'path', checksum: f.rel };
    node.seed_file = f.abs;
    addNode(state, node);
  });
  for (const f of macroTexts) {
    macroFiles.push({ packageName: pkg.name, path: f.abs, source: f.text });
    addMacros(state, pkg, f);
  }
  for (const f of docTexts) addDocs(state, pkg, f);
  return yamlTexts;
}

// As dbt, a seed over 1 MiB is not hashed: its checksum is its path, so state:modified sees it
// change only when it moves (or crosses the limit).
const MAXIMUM_SEED_SIZE = 1024 * 1024;

const PY = ['.py'];

function addCodeNode(state: LoadState, pkg: PackageContext, f: TextFile, resourceType: 'model' | 'analysis' | 'test'): void {
  const name = stem(f.rel);
  // An analysis's path is its compiled path, "analysis/<file>", and dbt builds its fqn from it,
  // unless the dbt 1.12 flag require_corrected_analysis_fqns drops that segment (so that folder
  // configs under `analyses:` match, as for models); its beta name is taken too.
  const analysisSegment = resourceType === 'analysis' && !correctedAnalyses(state.rootProject.flags);
  const fqn = fqnOf(analysisSegment ? [pkg.name, 'analysis'] : [pkg.name], folderParts(f.relToResource), name);
  // dbt keeps a file's contents stripped of surrounding whitespace: that is the node's raw_code
  // and what its checksum hashes. Template line 1 is then the file's first non-blank line.
  const [start, end] = strippedBounds(f.text);
  const rawCode = start === 0 && end === f.text.length ? f.text : f.text.slice(start, end);
  const node = makeNode(state, pkg, {
    resourceType, name, uniqueId: `${resourceType}.${pkg.name}.${name}`, fqn,
    file: f.abs, rel: f.rel, path: analysisSegment ? `analysis/${f.relToResource}` : f.relToResource, rawCode, checksum: sha256(rawCode),
    ...(start > 0 ? { line: lineAt(f.text, start) } : {}),
  });
  // A Python model's dbt.ref()/source()/config() calls are read while parsing (see python-model.ts).
  if (hasExtension(f.abs, PY)) node.language = 'python';
  addNode(state, node);
}

function blocksOf(f: TextFile, kinds: readonly BlockKind[]) {
  const { blocks, unclosed } = findBlocks(f.text, kinds);
  if (unclosed) {
    // Jinja2's words, as dbt reports the file; the hint says where the block opened.
    throw userError('jinja-syntax', `Unexpected end of template. Jinja was looking for the following tags: 'end${unclosed.kind}'. The innermost block that needs to be closed is '${unclosed.kind}'.`,
      { file: f.abs, line: unclosed.line }, `Close the '${unclosed.kind}' opened on line ${unclosed.line} with {% end${unclosed.kind} %}.`);
  }
  return blocks;
}

function addSnapshots(state: LoadState, pkg: PackageContext, f: TextFile): void {
  const fileStem = stem(f.rel);
  for (const block of blocksOf(f, ['snapshot'])) {
    const name = blockMacroName(block);
    if (!name) throw userError('jinja-syntax', 'A {% snapshot %} block needs a name: {% snapshot my_snapshot %}.', { file: f.abs, line: block.line });
    const node = makeNode(state, pkg, {
      resourceType: 'snapshot', name, uniqueId: `snapshot.${pkg.name}.${name}`,
      // dbt puts the file name in a snapshot's fqn.
      fqn: [pkg.name, ...folderParts(f.relToResource), fileStem, name],
      file: f.abs, rel: f.rel, path: f.relToResource, rawCode: f.text.slice(block.bodyStart, block.bodyEnd), checksum: fileChecksum(f.text), line: block.line,
    });
    addNode(state, node);
  }
}

function addMacros(state: LoadState, pkg: PackageContext, f: TextFile): void {
  const blocks = (pkg.name === GLOBAL_PACKAGE ? indexedMacroFile(f.text)?.blocks : undefined) ?? blocksOf(f, MACRO_BLOCKS);
  for (const block of blocks) {
    const name = blockMacroName(block);
    if (!name) throw userError('jinja-syntax', `A {% ${block.kind} %} block needs a name.`, { file: f.abs, line: block.line });
    // The adapter plugin's macros are package `dbt_duckdb` in dbt's manifest, though they load with `dbt`'s.
    const packageName = manifestMacroPackage(pkg.name, name);
    const macro: MacroNode = {
      unique_id: `macro.${packageName}.${name}`,
      resource_type: 'macro',
      package_name: packageName,
      name,
      original_file_path: f.rel,
      path: f.rel,
      macro_sql: f.text.slice(block.start, block.end),
      description: '',
      meta: {},
      // Under validate_macro_args dbt reads the arguments from the signature; documented ones replace them.
      arguments: state.rootProject.flags?.validate_macro_args === true ? signatureArguments(block) : [],
      depends_on: { macros: [] },
      origin: { file: f.abs, line: block.line, root: pkg.root },
      ...(block.kind === 'materialization' ? { supported_languages: materializationLanguages(block.header) } : {}),
    };
    const existing = state.manifest.macros[macro.unique_id];
    if (existing && pkg.name !== 'dbt') {
      throw userError('duplicate-macro', `dbt found two macros named '${name}' in package '${pkg.name}': ${existing.original_file_path} and ${f.rel}.`, { file: f.abs, line: block.line },
        'Rename or remove one of them; macro names are unique within a package.');
    }
    state.manifest.macros[macro.unique_id] = macro;
  }
}

// The languages a `{% materialization name, supported_languages=['sql', 'python'] %}` header
// names, in its order; dbt gives a materialization that names none `['sql']`.
function materializationLanguages(header: string): ('sql' | 'python')[] {
  const list = /supported_languages\s*=\s*\[([^\]]*)\]/.exec(header)?.[1];
  if (list === undefined) return ['sql'];
  return [...list.matchAll(/['"](sql|python)['"]/g)].map((m) => m[1] as 'sql' | 'python');
}

function addDocs(state: LoadState, pkg: PackageContext, f: TextFile): void {
  for (const block of blocksOf(f, ['docs'])) {
    const name = blockMacroName(block);
    if (!name) throw userError('jinja-syntax', 'A {% docs %} block needs a name: {% docs my_doc %}.', { file: f.abs, line: block.line });
    const doc: DocNode = {
      unique_id: `doc.${pkg.name}.${name}`,
      resource_type: 'doc',
      package_name: pkg.name,
      name,
      original_file_path: f.rel,
      path: f.relToResource,
      block_contents: f.text.slice(block.bodyStart, block.bodyEnd).trim(),
      origin: { file: f.abs, line: block.line, root: pkg.root },
    };
    const existing = state.manifest.docs[doc.unique_id];
    if (existing) {
      throw userError('duplicate-doc', `dbt found two docs blocks named '${name}' in package '${pkg.name}': ${existing.original_file_path} and ${f.rel}.`, { file: f.abs, line: block.line }, 'Rename one of the docs blocks.');
    }
    state.manifest.docs[doc.unique_id] = doc;
  }
}
