import type { Command } from "commander";
import { addInputOption, addMinValidityOption, addProfileOption, examples } from "../common-options.js";

/** `ssoenv exec -- CMD...`: run CMD with the credentials in its environment. */
export function registerExecCommand(program: Command): void {
  const command = program
    .command("exec")
    .description(
      "run a command with the credentials in its environment (AWS_PROFILE and AWS_DEFAULT_PROFILE removed); its exit code and signals pass through",
    )
    .argument("<command...>", "the command and its arguments (after --)")
    .passThroughOptions()
    .addHelpText(
      "after",
      examples(
        "ssoenv exec --profile dev -- aws s3 ls",
        "ssoenv exec --min-validity 3h -- terraform apply   # log in first if the session ends within 3 h",
      ),
    );
  addProfileOption(command);
  addMinValidityOption(command);
  addInputOption(command);
  command.action(async (argv: string[], options, self: Command) => {
    // `exec -- --profile dev aws`: ssoenv's option where the command goes, said before anything runs.
    (await import("../options-after-dashes.js")).refuseOptionsAfterDashes(self, argv);
    return (await import("./run-exec.js")).runExec(argv, options);
  });
}
