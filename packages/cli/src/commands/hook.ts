import type { Command } from "commander";
import { examples } from "../common-options.js";

/**
 * `ssoenv hook install|uninstall`: plain git pre-commit and pre-merge-commit hooks running
 * `ssoenv scan --staged`. Respects core.hooksPath; an existing hook is kept as NAME.local and runs
 * first. Installing twice changes nothing; uninstalling puts the previous hooks back.
 */
export function registerHookCommand(program: Command): void {
  const hook = program
    .command("hook")
    .description(
      "install or remove the git hooks (pre-commit, pre-merge-commit) that block plaintext AWS keys",
    )
    .addHelpText(
      "after",
      examples(
        "ssoenv hook install     # in the repository: every commit and merge is scanned",
        "ssoenv hook uninstall   # the hooks out, the previous ones back",
      ),
    );
  hook
    .command("install")
    .description(
      "write the pre-commit and pre-merge-commit hooks (an existing hook is kept as NAME.local and still runs)",
    )
    .option(
      "--force",
      "when NAME.local is taken too, set it aside as NAME.ssoenv-backup (git does not run it)",
    )
    .addHelpText(
      "after",
      examples(
        "ssoenv hook install          # in the repository: every commit and merge is scanned",
        "ssoenv hook install --force  # NAME.local taken too: set it aside, chain the current hook",
      ),
    )
    .action(async (options: { force?: boolean }) => {
      process.exitCode = await (await import("./run-hook.js")).installHook(options.force === true);
    });
  hook
    .command("uninstall")
    .description("remove the hooks and put the previous ones (NAME.local) back")
    .addHelpText("after", examples("ssoenv hook uninstall"))
    .action(async () => {
      process.exitCode = await (await import("./run-hook.js")).uninstallHook();
    });
}
