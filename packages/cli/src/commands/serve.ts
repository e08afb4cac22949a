import { type Command, Option } from "commander";
import { collectEnvFile } from "../collect-env-file.js";
import { addInputOption, examples } from "../common-options.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `ssoenv serve`: the container credentials endpoint on 127.0.0.1, in the foreground. */
export function registerServeCommand(program: Command): void {
  const command = program
    .command("serve")
    .description(
      "serve credentials on 127.0.0.1 the way every AWS SDK asks for them; files get the endpoint, not keys",
    )
    .option(
      "-p, --profile <name>",
      "a profile to serve (repeatable; default: ssoenv.toml `profile`, SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE, `default`)",
      collect,
    )
    .option(
      "-e, --env-file <path>",
      "write the endpoint of the first profile into this .env file and remove static keys from it (repeatable)",
      collectEnvFile,
    )
    .option("--port <n>", "TCP port on 127.0.0.1 (default: a free one)")
    .option("--status", "list the running servers (exit 1 when none)")
    .option("--stop", "stop the running servers (with --port: that one)")
    .option("--json", "with --status: print JSON (no tokens)")
    // Internal: how `ssoenv refresh` starts the background server.
    .addOption(new Option("--detached", "run as the background server started by ssoenv refresh").hideHelp())
    .addHelpText(
      "after",
      `${examples(
        "ssoenv serve --profile dev --env-file .env        # until Ctrl-C",
        "ssoenv serve --profile dev --profile stg --port 9911",
        "ssoenv serve --status",
      )}
A tool reads AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:<port>/profiles/<profile> and
AWS_CONTAINER_AUTHORIZATION_TOKEN (JS SDK v3, boto3, AWS CLI v2, Go SDK v2 and so Terraform, Java v2)
and asks again before its credentials expire; ssoenv renews them, so they never go stale.
With credentials = "endpoint" in an ssoenv.toml [[env_files]] entry, ssoenv refresh starts a
background server itself.
`,
    );
  addInputOption(command);
  command.action(async (options) => (await import("./run-serve.js")).runServe(options));
}
