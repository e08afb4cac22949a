import type { Command } from "commander";
import { addProfileOption, examples } from "../common-options.js";

/** `ssoenv status`: who am I, which account and role, how long the SSO session and credentials last. */
export function registerStatusCommand(program: Command): void {
  const command = program
    .command("status")
    .description("who you are, which account and role, SSO session and credential time left")
    .option("--json", "print JSON on stdout (no secrets)")
    .addHelpText("after", examples("ssoenv status", "ssoenv status --profile stg --json"));
  addProfileOption(command);
  command.action(async (options) => (await import("./run-status.js")).runStatus(options));
}
