import { describe, expect, it } from "vitest";
import type { ProjectConfig, ProjectEnvFile } from "./load-project-config.js";
import { projectEnvFiles } from "./project-env-files.js";

const project = (envFiles: ProjectEnvFile[]): ProjectConfig =>
  ({ path: "/repo/ssoenv.toml", dir: "/repo", envFiles }) as unknown as ProjectConfig;

describe("projectEnvFiles: the .env files refresh writes when none is named", () => {
  it("the project's [[env_files]], as configured", () => {
    const apps: ProjectEnvFile = {
      path: "/repo/apps/api/.env",
      pathAsWritten: "apps/api/.env",
      line: 3,
      profile: "stg",
      keys: { AWS_ACCESS_KEY_ID: "S3_ACCESS_KEY_ID" },
      credentials: "endpoint",
    };
    expect(projectEnvFiles({ project: project([apps]), cwd: "/repo/apps" })).toEqual([apps]);
  });

  it("else the .env beside ssoenv.toml, not the working folder's", () => {
    expect(projectEnvFiles({ project: project([]), cwd: "/repo/apps" }).map((f) => f.path)).toEqual([
      "/repo/.env",
    ]);
  });

  it("with no ssoenv.toml, the working folder's .env, for keys", () => {
    expect(projectEnvFiles({ project: undefined, cwd: "/work/app" })).toEqual([
      {
        path: "/work/app/.env",
        pathAsWritten: ".env",
        line: undefined,
        profile: undefined,
        keys: {},
        credentials: "keys",
      },
    ]);
  });
});
