import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// What commander finds wrong with a command line is said as every other error is: `ssoenv: <what>`,
// then `hint: ` and the help of the command that was given (subcommands too), exit 2, stdout empty.
const world = useCliWorld();

describe("usage errors of the command line", () => {
  it.each([
    [["status", "--x"], "unknown option '--x'", "ssoenv status --help"],
    [["profiles", "list", "--bogus"], "unknown option '--bogus'", "ssoenv profiles list --help"],
    [
      ["env", "--format", "xml"],
      "--format xml is not one of: sh, fish, powershell, dotenv, json",
      "ssoenv env --help",
    ],
    // a choice mistyped: the line with the one meant
    [
      ["env", "--profile", "dev", "--format", "jsn"],
      "--format jsn is not one of: sh, fish, powershell, dotenv, json",
      "did you mean json? ssoenv env --profile dev --format json",
    ],
    [
      ["login", "--method=natve"],
      "--method natve is not one of: auto, aws-cli, native",
      "did you mean native? ssoenv login --method=native",
    ],
    // a flag left without its value (`--profile $PROFILE` with the variable unset): the line it needs
    [
      ["status", "--profile"],
      "--profile needs a <name> after it (a variable that is not set?)",
      "ssoenv status --profile <name>",
    ],
    [
      ["refresh", "--json", "-e"],
      "-e needs a <path> after it (a variable that is not set?)",
      "ssoenv refresh --json -e <path>",
    ],
    [
      ["profiles", "sync", "--dry-run", "--region"],
      "--region needs a <region> after it (a variable that is not set?)",
      "ssoenv profiles sync --dry-run --region <region>",
    ],
    [
      ["scan", "--baseline"],
      "--baseline needs a <file> after it (a variable that is not set?)",
      "ssoenv scan --baseline <file>",
    ],
    // ... or followed by another of the command's options, which commander took as its value
    [
      ["env", "--profile", "--format", "json"],
      "--profile needs a <name> before --format (a variable that is not set?)",
      "ssoenv env --profile <name> --format json",
    ],
    [
      ["status", "-p", "--json"],
      "-p needs a <name> before --json (a variable that is not set?)",
      "ssoenv status -p <name> --json",
    ],
    [
      ["credential-process", "--profile", "--no-input"],
      "--profile needs a <name> before --no-input (a variable that is not set?)",
      "ssoenv credential-process --profile <name> --no-input",
    ],
    [
      ["profiles", "sync", "extra"],
      "too many arguments for 'sync'. Expected 0 arguments but got 1.",
      "ssoenv profiles sync --help",
    ],
    // a profile or a file typed as a word (`aws-vault exec dev`): the line with the option it needs
    [
      ["status", "dev"],
      "too many arguments for 'status'. Expected 0 arguments but got 1.",
      "a profile goes after --profile: ssoenv status --profile dev",
    ],
    [
      ["login", "dev", "--no-browser"],
      "too many arguments for 'login'. Expected 0 arguments but got 1.",
      "a profile goes after --profile: ssoenv login --profile dev --no-browser",
    ],
    [
      ["refresh", ".env"],
      "too many arguments for 'refresh'. Expected 0 arguments but got 1.",
      "a file goes after --env-file: ssoenv refresh --env-file .env",
    ],
    [
      ["refresh", "--profile", "dev", "apps/api/.env"],
      "too many arguments for 'refresh'. Expected 0 arguments but got 1.",
      "a file goes after --env-file: ssoenv refresh --profile dev --env-file apps/api/.env",
    ],
    [
      ["status", "dev", "stg"],
      "too many arguments for 'status'. Expected 0 arguments but got 2.",
      "ssoenv status --help",
    ],
    [
      ["sessions", "dev"],
      "too many arguments for 'sessions'. Expected 0 arguments but got 1.",
      "ssoenv sessions --help",
    ],
    // exec given no command: the line it needs
    [
      ["exec", "--profile", "dev"],
      "missing required argument 'command'",
      "the command goes after --: ssoenv exec --profile dev -- <command>",
    ],
    [
      ["exec", "--"],
      "missing required argument 'command'",
      "the command goes after --: ssoenv exec -- <command>",
    ],
    [["logot"], "unknown command 'logot' (Did you mean logout?)", "ssoenv --help"],
    // a word of another command's line, or another tool's name for one: the line meant, not a look-alike
    [["version"], "unknown command 'version'", "ssoenv --version"],
    [["sync", "--dry-run"], "unknown command 'sync'", "ssoenv profiles sync --dry-run"],
    [["list"], "unknown command 'list'", "ssoenv profiles list"],
    [["install"], "unknown command 'install'", "ssoenv hook install"],
    [["uninstall"], "unknown command 'uninstall'", "ssoenv hook uninstall"],
    [["stop"], "unknown command 'stop'", "ssoenv serve --stop"],
    [["whoami"], "unknown command 'whoami'", "ssoenv status"],
    [["--bogus"], "unknown option '--bogus'", "ssoenv --help"],
    // another tool's word for an option (direnv's, aws-vault's --shell; status's --profile): the line meant
    [
      ["env", "--shell", "zsh"],
      "unknown option '--shell'",
      "the output format goes after --format: ssoenv env --format sh",
    ],
    [
      ["env", "--profile", "dev", "--shell=pwsh"],
      "unknown option '--shell=pwsh'",
      "the output format goes after --format: ssoenv env --profile dev --format powershell",
    ],
    // a shell's name for --format (bash and zsh read sh's exports): the line with its format
    [
      ["env", "--format", "zsh"],
      "--format zsh is not one of: sh, fish, powershell, dotenv, json",
      "zsh reads the sh format: ssoenv env --format sh",
    ],
    [
      ["env", "-f", "bash", "--profile", "dev"],
      "--format bash is not one of: sh, fish, powershell, dotenv, json",
      "bash reads the sh format: ssoenv env -f sh --profile dev",
    ],
    [
      ["env", "--format=pwsh"],
      "--format pwsh is not one of: sh, fish, powershell, dotenv, json",
      "pwsh reads the powershell format: ssoenv env --format=powershell",
    ],
    [
      ["env", "--shell", "nu"],
      "unknown option '--shell'",
      "the output format goes after --format (sh, fish, powershell, dotenv or json): ssoenv env --help",
    ],
    // the device code's flag is aws sso login's, --use-device-code
    [
      ["login", "--profile", "dev", "--device-code"],
      "unknown option '--device-code'",
      "the flag is --use-device-code, as in aws sso login: ssoenv login --profile dev --use-device-code",
    ],
    [
      ["sessions", "--profile", "dev"],
      "unknown option '--profile'",
      "sessions lists every sign-in; one profile's is status's: ssoenv status --profile dev",
    ],
    // only the command word changes, not a profile of the same name
    [
      ["sessions", "--profile", "sessions"],
      "unknown option '--profile'",
      "sessions lists every sign-in; one profile's is status's: ssoenv status --profile sessions",
    ],
    [
      ["sessions", "-p", "dev", "--json"],
      "unknown option '-p'",
      "sessions lists every sign-in; one profile's is status's: ssoenv status -p dev --json",
    ],
    // the AWS CLI's order (`aws --profile dev s3 ls`): the hint puts the options after the command
    [
      ["--profile", "dev", "status", "--json"],
      "unknown option '--profile'",
      "options go after the command: ssoenv status --profile dev --json",
    ],
    [
      ["-p", "my dev", "exec", "--", "aws", "s3", "ls"],
      "unknown option '-p'",
      "options go after the command: ssoenv exec -p 'my dev' -- aws s3 ls",
    ],
    // an option the command does not have either: not a line that fails again, the command's help
    [["--verbose", "status"], "unknown option '--verbose'", "ssoenv status --help"],
    [["--verbose", "sessions"], "unknown option '--verbose'", "ssoenv sessions --help"],
    // ... unless another line means it: status's for one profile's sign-in
    [
      ["--profile", "dev", "sessions"],
      "unknown option '--profile'",
      "sessions lists every sign-in; one profile's is status's: ssoenv status --profile dev",
    ],
    [
      ["--profile=dev", "status"],
      "unknown option '--profile=dev'",
      "options go after the command: ssoenv status --profile=dev",
    ],
    // a command with a fast path hands what it cannot read to commander: the same wording
    [["credential-process", "--bogus"], "unknown option '--bogus'", "ssoenv credential-process --help"],
    [["help", "bogus"], "unknown command 'bogus'", "ssoenv --help"],
    // as `ssoenv stauts` does
    [["help", "stauts"], "unknown command 'stauts' (Did you mean status?)", "ssoenv --help"],
    [["profiles", "help", "snyc"], "unknown command 'snyc' (Did you mean sync?)", "ssoenv profiles --help"],
    [["profiles", "help", "bogus"], "unknown command 'bogus'", "ssoenv profiles --help"],
    [["hook", "help", "bogus"], "unknown command 'bogus'", "ssoenv hook --help"],
    [["help", "profiles", "snyc"], "unknown command 'snyc' (Did you mean sync?)", "ssoenv profiles --help"],
    [["help", "status", "x"], "status has no command 'x'", "ssoenv status --help"],
  ])("ssoenv %j: one line, the hint, exit 2", async (args, message, hint) => {
    const result = await world.run(args);
    expect(result.stderr).toBe(`ssoenv: ${message}\nhint: ${hint}\n`);
    expect(result.stdout).toBe("");
    expect(result.exitCode).toBe(2);
  });

  it("ssoenv refresh --env-file --json: no file named --json, nothing fetched, exit 2", async () => {
    await world.logIn();
    world.emulator.resetStats();
    const result = await world.run(["refresh", "--profile", "dev", "--env-file", "--json"]);
    expect(result.stderr).toBe(
      "ssoenv: --env-file needs a <path> before --json (a variable that is not set?)\n" +
        "hint: ssoenv refresh --profile dev --env-file <path> --json\n",
    );
    expect(result.exitCode).toBe(2);
    expect(existsSync(join(world.project, "--json"))).toBe(false);
    expect(world.emulator.stats().total).toBe(0);
  });

  it.each([
    [["profiles", "help", "sync"]],
    // as `git help` and `aws help` take a command's words
    [["help", "profiles", "sync"]],
  ])("ssoenv %j (help of a known subcommand) shows it, exit 0", async (args) => {
    const result = await world.run(args);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Usage: ssoenv profiles sync [options]");
  });

  // As git and the AWS CLI: a group given no command shows what it takes, as an error.
  it.each([
    [[], "Usage: ssoenv [options] [command]"],
    [["profiles"], "Usage: ssoenv profiles [options] [command]"],
    [["hook"], "Usage: ssoenv hook [options] [command]"],
  ])("ssoenv %j (a group without its command): its help on stderr, exit 2", async (args, usage) => {
    const result = await world.run(args);
    expect(result.stderr).toContain(usage);
    expect(result.stdout).toBe("");
    expect(result.exitCode).toBe(2);
  });

  it.each([[["profiles", "--help"]], [["hook", "--help"]], [["profiles", "help"]], [["help"]]])(
    "ssoenv %j: the help on stdout, exit 0",
    async (args) => {
      const result = await world.run(args);
      expect(result.stdout).toContain("Usage: ssoenv");
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
    },
  );
});

// `ssoenv exec aws s3 ls --profile dev`, as the AWS CLI puts options last: the option goes to the command,
// ssoenv falls back to profile default. Where that fails, the hint is the line with ssoenv's option first.
describe("exec with ssoenv's --profile after the command", () => {
  it.each([
    [["exec", "aws", "s3", "ls", "--profile", "dev"], "ssoenv exec --profile dev -- aws s3 ls"],
    [["exec", "sh", "-c", "true", "-p", "stg"], "ssoenv exec -p stg -- sh -c true"],
    [
      ["exec", "--min-validity", "1h", "aws", "s3", "ls", "--profile=dev"],
      "ssoenv exec --min-validity 1h --profile=dev -- aws s3 ls",
    ],
  ])("ssoenv %j (no [default]): the hint moves it before the command", async (args, line) => {
    const result = await world.run(args);
    expect(result.exitCode).toBe(2);
    const [message, hint] = result.stderr.trimEnd().split("\n");
    expect(message).toMatch(/^ssoenv: Profile "default" not found in /);
    expect(hint).toBe(`hint: ssoenv's options go before the command: ${line}`);
  });

  // Known from the error's profile field (the name ssoenv took, and from where), not from its message,
  // whose first words here are not those of the default's.
  it.each([["AWS_PROFILE"], ["AWS_DEFAULT_PROFILE"]])(
    "the profile a leftover %s names is not found: the same hint",
    async (variable) => {
      const result = await world.run(["exec", "aws", "s3", "ls", "--profile", "dev"], {
        env: { [variable]: "gone" },
      });
      expect(result.exitCode).toBe(2);
      const [message, hint] = result.stderr.trimEnd().split("\n");
      expect(message).toMatch(new RegExp(`^ssoenv: Profile "gone" \\(from ${variable}\\) not found in `));
      expect(hint).toBe(
        "hint: ssoenv's options go before the command: ssoenv exec --profile dev -- aws s3 ls",
      );
    },
  );
});

// A key pasted where a value goes (a flag, a profile name, a command) is named back redacted, as
// the scanner names it: its first four characters. Built here, never written out whole in the source.
describe("a credential typed into the command line", () => {
  const keyId = ["AKIA", "Q7KX2M4P".repeat(2)].join("");
  const sessionKeyId = ["ASIA", "Z3RW5T6Y".repeat(2)].join("");

  it.each([
    [["env", "--format", keyId]],
    [["status", "--profile", keyId]],
    [["refresh", "--profile", "dev", "--min-validity", keyId]],
    [["scan", "--max-file-size", sessionKeyId]],
    [[keyId]],
  ])("ssoenv %# never prints it whole", async (args) => {
    const result = await world.run(args);
    expect(result.exitCode).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).not.toContain(keyId);
    expect(output).not.toContain(sessionKeyId);
    expect(output).toMatch(/(AKIA|ASIA)…/);
  });

  it("ssoenv exec -- KEY (command not found) never prints it whole", async () => {
    await world.logIn();
    const result = await world.run(["exec", "--profile", "dev", "--", sessionKeyId]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).not.toContain(sessionKeyId);
    expect(result.stderr).toContain("command not found: ASIA…");
  });
});

// `--profile "$PROFILE"` with the variable unset: the AWS CLI finds no credentials; ssoenv used to
// fall back to the default profile, another account, without a word.
describe("an empty --profile", () => {
  it.each([
    [["env", "--profile", ""]],
    [["exec", "--profile", "", "--", "true"]],
    [["status", "-p", ""]],
    [["login", "--profile=", "--no-input"]],
    [["credential-process", "--profile", ""]],
    [["serve", "--profile", ""]],
    [["logout", "--profile", " "]],
  ])("ssoenv %j: refused, exit 2, nothing run", async (args) => {
    await world.logIn();
    const result = await world.run(args);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^ssoenv: --profile is empty\b/);
    expect(result.stderr).toContain("--profile dev");
    expect(result.exitCode).toBe(2);
  });
});

describe("an empty --sso-session", () => {
  it.each([
    [["login", "--sso-session", "", "--no-input"]],
    [["logout", "--sso-session="]],
    [["profiles", "sync", "--sso-session", " ", "--dry-run"]],
  ])("ssoenv %j: refused as empty (an unset variable), exit 2, nothing run", async (args) => {
    await world.logIn();
    world.emulator.resetStats();
    const result = await world.run(args);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "ssoenv: --sso-session is empty (a variable that is not set?)",
      "hint: give the name of an [sso-session] section, e.g. --sso-session corp (ssoenv sessions lists them)",
    ]);
    expect(result.exitCode).toBe(2);
    expect(world.emulator.stats().total).toBe(0);
  });
});
