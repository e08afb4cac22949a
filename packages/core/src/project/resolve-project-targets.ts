import { realpath } from "node:fs/promises";
import { join } from "node:path";
import { SsoenvError } from "../errors.js";
import { isInsideFolder } from "../fs/is-inside-folder.js";
import { writtenAsFolder } from "../fs/names-folder.js";
import { resolveRealPath } from "../fs/resolve-real-path.js";
import { callOption } from "../text/call-option.js";
import type { ProjectConfig, ProjectEnvFile } from "./load-project-config.js";
import { projectEnvFiles } from "./project-env-files.js";

/**
 * The .env files a project writes: its `[[env_files]]`, else the `.env` beside ssoenv.toml. Each must
 * land, symlinks followed, inside the folder holding ssoenv.toml: a cloned repository's ssoenv.toml
 * must not send live keys to `../../x`, an absolute path, or a symlink pointing out of the project.
 * Checked before anything is fetched or written.
 *
 * @throws SsoenvError `PROJECT_CONFIG_INVALID` naming ssoenv.toml, the entry and where it leads.
 */
export async function resolveProjectTargets(options: { project: ProjectConfig }): Promise<ProjectEnvFile[]> {
  const { project } = options;
  const folder = await realpath(project.dir).catch(() => project.dir);
  const files = projectEnvFiles({ project, cwd: project.dir });
  for (const [index, file] of files.entries()) {
    const entry = project.envFiles.length
      ? `${project.path}${file.line ? `:${file.line}` : ""}: env_files[${index}].path "${file.pathAsWritten}"`
      : `${file.path} (the default target of ${project.path})`;
    // resolve() would make "apps/" a file named apps. (A folder standing where a file is named fails
    // as that target's problem, when refresh checks it.)
    if (writtenAsFolder(file.pathAsWritten)) {
      throw new SsoenvError("PROJECT_CONFIG_INVALID", `${entry}: ${file.path} is a folder, not a .env file`, {
        hint: `name a file in it: path = "${join(file.pathAsWritten, ".env")}"`,
      });
    }
    const real = await resolveRealPath(file.path);
    if (isInsideFolder(folder, real)) continue;
    throw new SsoenvError(
      "PROJECT_CONFIG_INVALID",
      `${entry} leads to ${real}, outside the project folder ${folder}`,
      {
        hint: `ssoenv.toml may only name .env files inside its own folder; to write elsewhere, pass ${callOption("path")} yourself`,
      },
    );
  }
  return files;
}
