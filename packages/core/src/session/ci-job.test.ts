import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// ci-info reads process.env once, when loaded: each case is a process of its own with that environment.
const modules = {
  ciJob: fileURLToPath(new URL("./ci-job.ts", import.meta.url)),
  isInteractive: fileURLToPath(new URL("./is-interactive.ts", import.meta.url)),
};
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** What `expression` (over the module's exports, `m`) gives in a process with only `env` (and PATH) set. */
function evaluate(
  module: keyof typeof modules,
  expression: string,
  env: NodeJS.ProcessEnv,
): Promise<unknown> {
  const script = `import(${JSON.stringify(modules[module])}).then((m) => console.log(JSON.stringify(${expression}) ?? "null"))`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "-e", script],
      { cwd: repoRoot, env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

describe("ciJob: is this process a CI job (ci-info's rules, CI=false/0/no/off overriding)", () => {
  it.each([
    [{}, null],
    [{ CI: "" }, null],
    [{ CI: "true" }, "CI=true"],
    [{ CI: "true", GITHUB_ACTIONS: "true" }, "CI=true"],
    // Vendors that set no CI: only their own variables say so.
    [{ TF_BUILD: "True" }, "Azure Pipelines"],
    [{ JENKINS_URL: "https://jenkins.example/", BUILD_ID: "17" }, "Jenkins"],
    [{ TEAMCITY_VERSION: "2024.12" }, "TeamCity"],
    [{ BUILDKITE: "true" }, "Buildkite"],
    [{ CODEBUILD_BUILD_ARN: "arn:aws:codebuild:eu-west-1:111111111111:build/app:1" }, "AWS CodeBuild"],
    [{ BUILD_NUMBER: "5" }, "a CI job"],
    // The override: CI says no, whatever else is set.
    [{ CI: "false", TF_BUILD: "True" }, null],
    [{ CI: "0", JENKINS_URL: "https://jenkins.example/", BUILD_ID: "17" }, null],
    [{ CI: "no" }, null],
    [{ CI: "False", GITHUB_ACTIONS: "true" }, null],
  ])("%j: %j", async (env, expected) => {
    expect(await evaluate("ciJob", "m.ciJob()", env)).toBe(expected);
  });
});

describe("noLoginReason: why a needed login does not happen", () => {
  it("names CI's value, or the vendor with the override, or the missing terminal; login: false first", async () => {
    const reason = (env: NodeJS.ProcessEnv, loginDisabled = false) =>
      evaluate("isInteractive", `m.noLoginReason({ loginDisabled: ${loginDisabled} })`, env);
    expect(await reason({ CI: "true" })).toBe("CI=true: no one to log in here");
    expect(await reason({ TF_BUILD: "True" })).toBe(
      "this runs in Azure Pipelines (CI=false says it does not): no one to log in here",
    );
    expect(await reason({ CI: "false", TF_BUILD: "True" })).toBe("no terminal to log in from");
    expect(await reason({ CI: "true" }, true)).toBe("ssoenv does not log in from here");
  });
});
