import { shellWord } from "@ssoenv/secret-scan/shell-word";

/**
 * Core's options as ssoenv's flags. Core cannot tell a script's `profile: "dev"` from a typed
 * `--profile dev`, so its messages name an option of the call as a script writes it (`{ profile: "dev" }`,
 * `{ minValidity }`); the CLI's user typed the flag.
 */
const FLAGS: Readonly<Record<string, string>> = {
  profile: "--profile",
  // login(), logout(), syncProfiles(): `ssoenv login|logout|profiles sync --sso-session`.
  ssoSession: "--sso-session",
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
 * Where core lists the ways a caller names a setting, the ways only the CLI reads go in after them:
 * the project's ssoenv.toml, SSOENV_MIN_VALIDITY. Core says only what ensureSession reads, so a script
 * is never sent to an ssoenv.toml it does not read.
 */
const CLI_ONLY_WAYS: readonly (readonly [RegExp, string])[] = [
  // "default" is the profile used when none is named ({ profile }, SSOENV_PROFILE, ...)
  [/\(\{ profile \}, SSOENV_PROFILE/g, "({ profile }, ssoenv.toml's profile, SSOENV_PROFILE"],
  // name yours: { profile: "dev" } (or AWS_PROFILE=dev)
  [
    /(\{ profile: ("(?:[^"\\]|\\.)*") \}) \(or AWS_PROFILE=([^)\s]+)\)/g,
    "$1 (or AWS_PROFILE=$3, or profile = $2 in the project's ssoenv.toml)",
  ],
  // ask for less ({ minValidity })
  [/\(\{ minValidity \}\)/g, "({ minValidity }, SSOENV_MIN_VALIDITY or min_validity in ssoenv.toml)"],
];

/**
 * `text` with core's options (`{ profile: "dev" }`, `{ minValidity }`, `{ dryRun: true }`) written as
 * the flags a user of ssoenv types (`--profile dev`, `--min-validity`, `--dry-run`), with the ways only
 * the CLI reads (CLI_ONLY_WAYS).
 *
 * @example asFlags('did you mean dev? { profile: "dev" }') // "did you mean dev? --profile dev"
 */
export function asFlags(text: string): string {
  const withCliWays = CLI_ONLY_WAYS.reduce((said, [words, ways]) => said.replace(words, ways), text);
  return withCliWays.replace(OPTION, (_whole, name: string, value: string | undefined) => {
    const flag = FLAGS[name] as string;
    return value === undefined || value === "true"
      ? flag
      : `${flag} ${shellWord(JSON.parse(value) as string)}`;
  });
}
