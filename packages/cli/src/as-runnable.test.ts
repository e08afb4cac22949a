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
      asRunnable("ssoenv login --profile dev (or, with AWS CLI v2: aws sso login --profile dev)", { env }),
    ).toBe("mise run aws:login --profile dev (or, with AWS CLI v2: aws sso login --profile dev)");
    expect(
      asRunnable("fix line 3 (`ssoenv doctor` lists them); ssoenv profiles sync --sso-session a", { env }),
    ).toBe(
      "fix line 3 (`'/my proj/node_modules/.bin/ssoenv' doctor` lists them); '/my proj/node_modules/.bin/ssoenv' profiles sync --sso-session a",
    );
    expect(
      asRunnable(
        "ssoenv does not log in from here; ssoenv_account_name; ssoenv-login; ssoenv envy; ssoenv scan: skipped 2",
        { env },
      ),
    ).toBe(
      "ssoenv does not log in from here; ssoenv_account_name; ssoenv-login; ssoenv envy; ssoenv scan: skipped 2",
    );
  });

  it("changes nothing when ssoenv was run from PATH (neither variable set)", () => {
    expect(asRunnable("run: ssoenv login --profile dev", { env: {} })).toBe(
      "run: ssoenv login --profile dev",
    );
  });

  it("writes core's options as ssoenv's flags, whether a wrapper ran ssoenv or not", () => {
    expect(asRunnable('did you mean dev? { profile: "dev" }', { env: {} })).toBe(
      "did you mean dev? --profile dev",
    );
    expect(asRunnable('{ login: "native" }: ssoenv login { profile: "dev" }', { env })).toBe(
      "--method native: mise run aws:login --profile dev",
    );
  });

  describe("usageOf (a usage error's command), run by a mise task", () => {
    const task = { SSOENV_TASK: "mise run aws:refresh" };

    it("writes the command's lines as the task, its arguments after --", () => {
      expect(asRunnable("ssoenv refresh --help", { usageOf: "refresh", env: task })).toBe(
        "mise run aws:refresh -- --help",
      );
      expect(
        asRunnable("a profile goes after --profile: ssoenv refresh --profile stray", {
          usageOf: "refresh",
          env: task,
        }),
      ).toBe("a profile goes after --profile: mise run aws:refresh -- --profile stray");
      expect(asRunnable("ssoenv refresh", { usageOf: "refresh", env: task })).toBe("mise run aws:refresh");
    });

    it("writes the other commands as the wrapper ran ssoenv, in the same pass", () => {
      expect(
        asRunnable("ssoenv refresh --help; ssoenv login --profile dev; ssoenv status --help", {
          usageOf: "refresh",
          env: { ...task, ...env },
        }),
      ).toBe(
        "mise run aws:refresh -- --help; mise run aws:login --profile dev; '/my proj/node_modules/.bin/ssoenv' status --help",
      );
      // Two lines a space apart: each is a line.
      expect(asRunnable("ssoenv doctor ssoenv login", { env })).toBe(
        "'/my proj/node_modules/.bin/ssoenv' doctor mise run aws:login",
      );
    });

    it("leaves other commands, prose, and every line when no task ran ssoenv or no usage is given", () => {
      expect(asRunnable("ssoenv status --help", { usageOf: "refresh", env: task })).toBe(
        "ssoenv status --help",
      );
      expect(asRunnable("ssoenv refreshes; ssoenv refresh-x", { usageOf: "refresh", env: task })).toBe(
        "ssoenv refreshes; ssoenv refresh-x",
      );
      expect(asRunnable("ssoenv refresh --help", { usageOf: "refresh", env: {} })).toBe(
        "ssoenv refresh --help",
      );
      expect(asRunnable("ssoenv refresh --help", { env: task })).toBe("ssoenv refresh --help");
      expect(asRunnable("ssoenv refresh --help", { usageOf: "(", env: task })).toBe("ssoenv refresh --help");
    });
  });
});
