import { shellWord } from "@ssoenv/secret-scan/shell-word";

/**
 * Core's options as ssoenv's flags. Core cannot tell a script's `profile: "dev"` from a typed
 * `--profile dev`, so its messages name an option of the call as a script writes it (`{ profile: "dev" }`,
 * `{ minValidity }`); the CLI's user typed the flag.
 */
const FLAGS: Readonly<Record<string, string>> = {
  profile: "--profile",
  minValidity: "--min-validity",
  // ensureSession's `login`, login()'s `method`: `ssoenv <command> --method`.
  login: "--method",
  method: "--method",
  dryRun: "--dry-run",
  destination: "--destination",
  region: "--region",
  nameTemplate: "--name-template",
  // updateEnvFile's `path`: a file named by the caller, not by a project's ssoenv.toml.
  path: "--env-file",
};

const OPTION = new RegExp(
  `\\{ (${Object.keys(FLAGS).join("|")})(?:: ("(?:[^"\\\\]|\\\\.)*"|true))? \\}`,
  "g",
);

/**
 * `text` with core's options (`{ profile: "dev" }`, `{ minValidity }`, `{ dryRun: true }`) written as
 * the flags a user of ssoenv types (`--profile dev`, `--min-validity`, `--dry-run`).
 *
 * @example asFlags('did you mean dev? { profile: "dev" }') // "did you mean dev? --profile dev"
 */
export function asFlags(text: string): string {
  return text.replace(OPTION, (_whole, name: string, value: string | undefined) => {
    const flag = FLAGS[name] as string;
    return value === undefined || value === "true"
      ? flag
      : `${flag} ${shellWord(JSON.parse(value) as string)}`;
  });
}
