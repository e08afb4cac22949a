import { constants } from "node:fs";
import { access, realpath, stat } from "node:fs/promises";
import { devNull } from "node:os";
import { delimiter, join } from "node:path";
import { SsoenvError } from "../errors.js";

/** sso-session support (and `aws sso login --sso-session`) landed in AWS CLI 2.9.0. */
export const MIN_AWS_CLI_VERSION = [2, 9, 0] as const;
/** The AWS CLI signs in with the authorization code and PKCE (and has --use-device-code) since 2.22.0. */
export const PKCE_AWS_CLI_VERSION = [2, 22, 0] as const;

export interface AwsCli {
  path: string;
  /** "2.9.19" */
  version: string;
}

export interface AwsCliSearch {
  /** The first suitable AWS CLI on PATH (v2 >= 2.9), if any. */
  cli?: AwsCli;
  /** Every `aws` found on PATH, with its version (undefined when `--version` failed). */
  found: { path: string; version?: string }[];
}

const versionCache = new Map<string, string | undefined>();

/**
 * Looks at every `aws` on PATH (the first may be a pip-installed v1) and picks the first v2 that is
 * new enough. `SSOENV_AWS_CLI` names a binary to use instead.
 */
export async function findAwsCli(
  options: { env?: NodeJS.ProcessEnv; minVersion?: readonly number[] } = {},
): Promise<AwsCliSearch> {
  const env = options.env ?? process.env;
  const candidates = env.SSOENV_AWS_CLI ? [env.SSOENV_AWS_CLI] : await whichAll("aws", env);
  const found: AwsCliSearch["found"] = [];
  for (const path of candidates) {
    const version = await cliVersion(path, env);
    found.push(version ? { path, version } : { path });
    if (version && atLeast(version, options.minVersion ?? MIN_AWS_CLI_VERSION)) {
      return { cli: { path, version }, found };
    }
  }
  return { found };
}

/**
 * Like findAwsCli, but throws when there is no suitable AWS CLI.
 * @throws SsoenvError `AWS_CLI_MISSING` (none on PATH) or `AWS_CLI_TOO_OLD` (only v1 or v2 < 2.9).
 */
export async function requireAwsCli(options: { env?: NodeJS.ProcessEnv } = {}): Promise<AwsCli> {
  const search = await findAwsCli(options);
  if (search.cli) return search.cli;
  const install =
    "install AWS CLI v2 >= 2.9: `mise use -g awscli@latest`, or the `awscli` package (Debian 12+/Ubuntu 24.04+), " +
    "or https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html — or log in with --method native";
  if (search.found.length === 0) {
    throw new SsoenvError("AWS_CLI_MISSING", "The AWS CLI (aws) is not on PATH", { hint: install });
  }
  const list = search.found.map(
    (f) => `${f.path} (${f.version ? `aws-cli/${f.version}` : "version unknown"})`,
  );
  throw new SsoenvError(
    "AWS_CLI_TOO_OLD",
    `No AWS CLI v2 >= ${MIN_AWS_CLI_VERSION.join(".")} on PATH, found: ${list.join(", ")}; sso-session profiles need it`,
    { hint: install },
  );
}

/** "aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12 prompt/off" -> "2.9.19" */
export function parseAwsCliVersion(output: string): string | undefined {
  return /aws-cli\/(\d+\.\d+\.\d+)/.exec(output)?.[1];
}

/** Whether this AWS CLI signs in with PKCE itself (and knows --use-device-code). */
export function supportsPkce(cli: AwsCli): boolean {
  return atLeast(cli.version, PKCE_AWS_CLI_VERSION);
}

function atLeast(version: string, minimum: readonly number[]): boolean {
  const parts = version.split(".").map(Number);
  for (let i = 0; i < minimum.length; i++) {
    const have = parts[i] ?? 0;
    const need = minimum[i] as number;
    if (have !== need) return have > need;
  }
  return true;
}

async function cliVersion(path: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const key = `${path}:${await stat(path).then(
    (s) => s.mtimeMs,
    () => 0,
  )}`;
  if (versionCache.has(key)) return versionCache.get(key);
  let version: string | undefined;
  try {
    // v1 prints its version on stderr, v2 on stdout. execa is loaded on first use (it is slow to import).
    const { execa } = await import("execa");
    // Not the user's config: the AWS CLI refuses to start on a config it cannot parse ("Unable to
    // parse config file"), and that is a config problem, not a sign of an old AWS CLI.
    const result = await execa(path, ["--version"], {
      env: { ...env, AWS_CONFIG_FILE: devNull, AWS_SHARED_CREDENTIALS_FILE: devNull },
      extendEnv: false,
      timeout: 15_000,
      reject: false,
    });
    version = parseAwsCliVersion(`${result.stdout}\n${result.stderr}`);
  } catch {
    version = undefined;
  }
  versionCache.set(key, version);
  return version;
}

async function whichAll(name: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const dirs = (env.PATH ?? env.Path ?? "").split(delimiter).filter(Boolean);
  const extensions = process.platform === "win32" ? [".exe", ".cmd", ""] : [""];
  const result: string[] = [];
  // One AWS CLI reached by several paths (/bin -> /usr/bin, a symlink in ~/.local/bin) is one.
  const seen = new Set<string>();
  for (const dir of dirs) {
    for (const ext of extensions) {
      const path = join(dir, name + ext);
      const ok = await access(path, constants.X_OK).then(
        () => stat(path).then((s) => s.isFile()),
        () => false,
      );
      if (!ok) continue;
      const real = await realpath(path).catch(() => path);
      if (seen.has(real)) continue;
      seen.add(real);
      result.push(path);
    }
  }
  return result;
}
