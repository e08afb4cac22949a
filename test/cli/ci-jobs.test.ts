import { describe, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// CI is more than CI=true: Jenkins, Azure Pipelines, TeamCity and AWS CodeBuild set no CI variable,
// only their own (ci-info's rules). No terminal here: the terminal cases are in terminal.test.ts.
const world = useCliWorld();

describe("a CI job that sets only its vendor's variables (Azure Pipelines: TF_BUILD=True)", () => {
  it("ensure refuses at once: exit 3, naming the CI, the override and the login to run", async () => {
    const result = await world.run(["ensure", "--profile", "dev"], { env: { TF_BUILD: "True" } });
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stderr).toContain(
      "this runs in Azure Pipelines (CI=false says it does not): no one to log in here",
    );
    expect(result.stderr).toContain("hint: ssoenv login --profile dev");
    expect(world.emulator.stats().byOperation.StartDeviceAuthorization ?? 0).toBe(0);
  });

  it("CI=false says it is not CI: the refusal is the missing terminal's", async () => {
    const result = await world.run(["ensure", "--profile", "dev"], {
      env: { TF_BUILD: "True", CI: "false" },
    });
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stderr).toContain("no terminal to log in from");
    expect(result.stderr).not.toContain("Azure Pipelines");
  });

  it("console opens no browser: the agent's has no one to see it", async () => {
    const result = await world.run(["console", "--profile", "dev"], {
      env: { JENKINS_URL: "https://jenkins.example/", BUILD_ID: "17", DISPLAY: ":0" },
    });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toContain("No browser can be opened here (this runs in CI");
    expect(result.stderr).toContain("ssoenv console --profile dev --url");
  });
});
