import { join } from "node:path";
import type { ProjectConfig, ProjectEnvFile } from "./load-project-config.js";

/**
 * The .env files `ssoenv refresh` writes when no file is named: the project's `[[env_files]]`, else
 * the `.env` beside its ssoenv.toml, else (no ssoenv.toml) the `.env` in `cwd`. As configured, not
 * checked: resolveProjectTargets refuses a project's that lead outside it. One list for refresh and
 * for the commands that look at what it wrote (status, doctor).
 *
 * @example projectEnvFiles({ project: undefined, cwd: "/work/app" })[0].path // "/work/app/.env"
 */
export function projectEnvFiles(options: {
  project: ProjectConfig | undefined;
  cwd: string;
}): ProjectEnvFile[] {
  const { project } = options;
  if (project?.envFiles.length) return project.envFiles;
  return [
    {
      path: join(project?.dir ?? options.cwd, ".env"),
      pathAsWritten: ".env",
      line: undefined,
      profile: undefined,
      keys: {},
      credentials: "keys",
    },
  ];
}
