import { describe, expect, it } from "vitest";
import { asTaskUsage } from "./as-task-usage.js";

const env = { SSOENV_TASK: "mise run aws:refresh" };

describe("asTaskUsage", () => {
  it("writes the task's command line as the task, its arguments after --", () => {
    expect(asTaskUsage("ssoenv refresh --help", { command: "refresh", env })).toBe(
      "mise run aws:refresh -- --help",
    );
    expect(
      asTaskUsage("a profile goes after --profile: ssoenv refresh --profile stray", {
        command: "refresh",
        env,
      }),
    ).toBe("a profile goes after --profile: mise run aws:refresh -- --profile stray");
    expect(asTaskUsage("ssoenv refresh", { command: "refresh", env })).toBe("mise run aws:refresh");
  });

  it("leaves other commands, prose, and every hint when no task ran ssoenv", () => {
    expect(asTaskUsage("ssoenv status --help", { command: "refresh", env })).toBe("ssoenv status --help");
    expect(asTaskUsage("ssoenv refreshes; ssoenv refresh-x", { command: "refresh", env })).toBe(
      "ssoenv refreshes; ssoenv refresh-x",
    );
    expect(asTaskUsage("ssoenv refresh --help", { command: "refresh", env: {} })).toBe(
      "ssoenv refresh --help",
    );
    expect(asTaskUsage("ssoenv refresh --help", { command: "(", env })).toBe("ssoenv refresh --help");
  });
});
