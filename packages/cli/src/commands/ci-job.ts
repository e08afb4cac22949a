import type { Command } from "commander";

/**
 * `ssoenv ci-job` (hidden): whether this is a CI job, by ssoenv's own rule, for the scripts around it
 * that decide whether a login can be approved (plugins/container's ENTRYPOINT, a POSIX sh that cannot
 * read CI vendors' variables the way ssoenv does).
 */
export function registerCiJobCommand(program: Command): void {
  program
    .command("ci-job", { hidden: true })
    .description(
      "exit 0 printing how this CI job shows itself (CI=true, GitHub Actions...) when this runs in one, else exit 1",
    )
    .action(async () => (await import("./run-ci-job.js")).runCiJob());
}
