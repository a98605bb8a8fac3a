// Writes the index of Reelhouse's built-in macros beside the compiled code: what reading each
// built-in macro file finds (its blocks, each macro's parameters and calls), so that a command
// takes them from here instead of parsing every file again (see src/project/load/macro-file-index.ts).
import { writeFileSync } from 'node:fs';
import { Environment } from '../dist/src/templating/index.js';
import { globalProjectMacroFiles, indexMacroFiles, registerDbtJinja } from '../dist/src/project/context/index.js';
import { MACRO_INDEX_URL } from '../dist/src/project/load/macro-file-index.js';

const env = new Environment({ undefinedBehavior: 'lenient' });
registerDbtJinja(env);
const index = indexMacroFiles(env, globalProjectMacroFiles());
writeFileSync(MACRO_INDEX_URL, JSON.stringify(index));
console.log(`indexed ${Object.keys(index).length} built-in macro files`);
