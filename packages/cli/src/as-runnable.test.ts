import { describe, expect, it } from "vitest";
import { asRunnable, COMMAND_NAMES } from "./as-runnable.js";
import { COMMANDS } from "./commands.js";

const env = {
  SSOENV_LOGIN_COMMAND: "mise run aws:login",
  SSOENV_COMMAND: "'/my proj/node_modules/.bin/ssoenv'",
};

describe("asRunnable", () => {
  it("knows every command", () => {
    expect([...COMMAND_NAMES].sort()).toEqual([...COMMANDS.map((c) => c.name), "help"].sort());
  });

  it("writes ssoenv login as the login command, other commands with the path, prose as it is", () => {
    expect(
      asRunnable("ssoenv login --profile dev (or, with AWS CLI v2: aws sso login --profile dev)", env),
    ).toBe("mise run aws:login --profile dev (or, with AWS CLI v2: aws sso login --profile dev)");
    expect(
      asRunnable("fix line 3 (`ssoenv doctor` lists them); ssoenv profiles sync --sso-session a", env),
    ).toBe(
      "fix line 3 (`'/my proj/node_modules/.bin/ssoenv' doctor` lists them); '/my proj/node_modules/.bin/ssoenv' profiles sync --sso-session a",
    );
    expect(
      asRunnable(
        "ssoenv does not log in from here; ssoenv_account_name; ssoenv-login; ssoenv envy; ssoenv scan: skipped 2",
        env,
      ),
    ).toBe(
      "ssoenv does not log in from here; ssoenv_account_name; ssoenv-login; ssoenv envy; ssoenv scan: skipped 2",
    );
  });

  it("changes nothing when ssoenv was run from PATH (neither variable set)", () => {
    expect(asRunnable("run: ssoenv login --profile dev", {})).toBe("run: ssoenv login --profile dev");
  });
});
