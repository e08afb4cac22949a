import type { Command } from "commander";
import { examples } from "../common-options.js";

/** `ssoenv sessions`: each sso-session, its sign-in's end, and the profiles on it. */
export function registerSessionsCommand(program: Command): void {
  program
    .command("sessions")
    .description("each sso-session with its start URL, when its sign-in ends, and the profiles that use it")
    .option("--json", "print JSON on stdout (no secrets)")
    .addHelpText("after", examples("ssoenv sessions", "ssoenv sessions --json"))
    .action(async (options) => (await import("./run-sessions.js")).runSessions(options));
}
