import {
  DEFAULT_LISTING_CONCURRENCY,
  DEFAULT_NAME_TEMPLATE,
  NAME_TEMPLATE_KEY,
} from "@ssoenv/core/internal/profiles/sync-defaults";
import type { Command } from "commander";
import { addInputOption, examples } from "../common-options.js";

/** `ssoenv profiles sync|list`: a profile for every account x role you are assigned. */
export function registerProfilesCommand(program: Command): void {
  const profiles = program
    .command("profiles")
    .description("a profile in ~/.aws/config for every account x role you are assigned (sync, list)")
    .addHelpText(
      "after",
      examples(
        "ssoenv profiles sync --dry-run    # what sync would write, as a diff",
        "ssoenv profiles sync              # write it",
        "ssoenv profiles list",
      ),
    );

  const sync = profiles
    .command("sync")
    .description(
      "list every account and role of the sso-session and write a profile for each into a marked block of ~/.aws/config",
    )
    .option("--sso-session <name>", "the [sso-session] to sync (default: every sso-session in the file)")
    .option("--prune", "remove generated profiles whose account or role you no longer have")
    .option("--dry-run", "print the diff of ~/.aws/config and write nothing")
    .option(
      "--name-template <template>",
      `profile names, from {account_name} {account_id} {role_name} {sso_session}; later syncs keep it (default: the sso-session's ${NAME_TEMPLATE_KEY}, else the last --name-template, else "${DEFAULT_NAME_TEMPLATE}")`,
    )
    .option(
      "--region <region>",
      "region = REGION in every generated profile, and in those later syncs add (default: keep each one's)",
    )
    .option("--concurrency <n>", `requests in flight at once (default: ${DEFAULT_LISTING_CONCURRENCY})`)
    .option("--json", "print what it did (or, with --dry-run, would do) as JSON on stdout")
    .addHelpText(
      "after",
      `${examples(
        "ssoenv profiles sync --dry-run",
        "ssoenv profiles sync --sso-session corp --region eu-west-1",
        'ssoenv profiles sync --name-template "{account_id}-{role_name}" --prune',
      )}
Names keep letters, digits, ".", "_" and "-"; every run of other characters becomes one "-";
accents are dropped, and an account name with no Latin letter or digit gives way to the account id.
With the default template, two roles that would share a name both get "-<account id>" appended.
Your own profiles outside the block are never touched, and a role one of them already uses is not generated again.
`,
    );
  addInputOption(sync);
  sync.action(async (options) => (await import("./run-profiles.js")).runProfilesSync(options));

  profiles
    .command("list")
    .description("every profile of ~/.aws/config: account, role, sso-session, and whether sync wrote it")
    .option("--json", "print JSON on stdout")
    .addHelpText("after", examples("ssoenv profiles list", "ssoenv profiles list --json | jq '.[].name'"))
    .action(async (options) => (await import("./run-profiles.js")).runProfilesList(options));
}
