import type { Command } from "commander";
import { examples } from "../common-options.js";

/** `ssoenv doctor`: checks the machine and the project, each finding with its fix. */
export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    // The list of `ssoenv --help` shows this; `ssoenv doctor --help` the whole description.
    .summary(
      "check the AWS CLI, ~/.aws/config, keys, sign-ins, .env files, git hooks, mise, the environment, the clock",
    )
    .description(
      "check AWS CLI, ~/.aws/config, plaintext long-lived keys, SSO token cache files, sign-ins, .env files in git, the pre-commit hook, mise, AWS_PROFILE, AWS keys, AWS_ENDPOINT_URL* and SSOENV_* in the environment, clock skew",
    )
    .option("--json", "print the findings as JSON on stdout")
    .addHelpText(
      "after",
      examples("ssoenv doctor", "ssoenv doctor --json | jq '.findings[] | select(.status != \"ok\")'"),
    )
    .action(async (options) => (await import("./run-doctor.js")).runDoctor(options));
}
