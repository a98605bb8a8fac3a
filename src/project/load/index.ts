// Public API of the project loader.
export { loadProject, loadProjectConfig, emptyManifest, globalProjectDir } from './load-project.js';
export { guessProfileWithoutProject, type ProfileGuess } from './profile-guess.js';
export { findProfilesFile } from './profile.js';
export { installPackages, type InstallOptions, type InstallResult } from './install-packages.js';
export { addPackageEntry, type PackageSource } from './add-package.js';
export { mergeConfig, normalizeConfig, normalizeConfigKey, toHooks, defaultConfig } from './config-merge.js';
export { externalTableOf, sourceConfigOf } from './source-config.js';
export { configLevels } from './config-tree.js';
export { inlineQueryNode } from './inline-node.js';
export { createVarResolver, makeEnvVar, type VarResolver, type VarLookup } from './vars.js';
export { synthesizeTestNames, testHash } from './generic-tests.js';
export { findBlocks, blockMacroName, type JinjaBlock, type BlockKind } from './jinja-blocks.js';
export { parseYaml, type YamlFile, YamlLines } from './yaml-file.js';
export { requireTimeSpine } from './time-spine-required.js';
export { checkResourceNameSpaces } from './resource-name-spaces.js';
export type { LoadOptions, LoadedProject, ProjectConfig, TargetConfig, LoadedPackage, MacroFile, DispatchConfig } from './load-types.js';
