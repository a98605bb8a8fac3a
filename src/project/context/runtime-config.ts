// dbt's RuntimeConfig as templates reach it: `adapter.config` and the `config` attribute of the `ref`
// and `source` resolvers (`builtins.ref.config`). Packages that record runs (elementary's invocation upload)
// read the project's name, its vars, the --vars and the invocation's args there.
import { invocationArgsDict } from './invocation-args.js';
import type { RenderCore } from './render-core.js';

type Json = Record<string, unknown>;

const built = new WeakMap<RenderCore, Json>();

/** Gives a resolver function (ref, source) dbt's `config` attribute, built once per render core. */
export function withRuntimeConfig<F extends (...args: unknown[]) => unknown>(fn: F, core: RenderCore): F {
  // A plain property holding the shared object: every render that calls ref() makes its own
  // resolver, and defining an accessor on each cost several times more than the assignment.
  (fn as F & { config?: Json }).config = runtimeConfigOf(core);
  return fn;
}

/** The project's RuntimeConfig, as `adapter.config` and the resolvers' `config` attribute give it. */
export function runtimeConfigOf(core: RenderCore): Json {
  let config = built.get(core);
  if (!config) {
    const { project, target, vars } = core.project;
    config = {
      project_name: core.rootPackage,
      version: project.version ?? null,
      profile_name: target.profileName ?? project.profile ?? null,
      target_name: target.name,
      threads: target.threads ?? 1,
      quoting: project.quoting ?? {},
      dispatch: project.dispatch ?? [],
      cli_vars: { ...(vars.cliVars ?? {}) },
      vars: varProvider(vars.projectVars ?? {}),
      args: invocationArgsDict(core.flags),
      project_root: core.project.projectDir,
      dependencies: dependencies(core),
    };
    built.set(core, config);
  }
  return config;
}

// Every loaded project by name, the root among them, as dbt's load_dependencies() maps them
// (elementary reads its own package version as `dependencies['elementary'].version`).
function dependencies(core: RenderCore): Json {
  const { project, projectDir, packages } = core.project;
  const out: Json = { [core.rootPackage]: { project_name: core.rootPackage, version: project.version ?? null, project_root: projectDir } };
  for (const pkg of packages) {
    out[pkg.name] ??= { project_name: pkg.name, version: pkg.project?.version ?? null, project_root: pkg.root };
  }
  return out;
}

// dbt's VarProvider: the root project's `vars:` block, handed out whole by to_dict().
function varProvider(projectVars: Json): Json {
  const out: Json = { vars: projectVars };
  Object.defineProperty(out, 'to_dict', { value: () => ({ ...projectVars }), enumerable: false });
  return out;
}
