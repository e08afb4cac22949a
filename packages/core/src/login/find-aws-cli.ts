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
  /**
   * The `aws` on PATH in PATH order, with its version (undefined when `--version` failed): up to
   * and with `cli`, or all of them when none is suitable.
   */
  found: { path: string; version?: string }[];
}

/** Versions by path and mtime: one process may look more than once (`ssoenv serve`, several logins). */
const versionCache = new Map<string, string | undefined>();

/**
 * Looks at every `aws` on PATH (the first may be a pip-installed v1) and picks the first v2 that is
 * new enough. `SSOENV_AWS_CLI` names a binary to use instead. Asks them all for their version at
 * once, and stops those behind the one picked.
 */
export async function findAwsCli(
  options: { env?: NodeJS.ProcessEnv; minVersion?: readonly number[] } = {},
): Promise<AwsCliSearch> {
  const env = options.env ?? process.env;
  const candidates = env.SSOENV_AWS_CLI ? [env.SSOENV_AWS_CLI] : await whichAll("aws", env);
  // Each `aws --version` takes 0.5-1 s (Python starting): ask them all at once, read the answers in
  // PATH order, and stop the ones behind the winner, whose answers no longer matter.
  const probes = candidates.map((path) => {
    const stop = new AbortController();
    return { path, stop, version: cliVersion(path, env, stop.signal) };
  });
  try {
    const found: AwsCliSearch["found"] = [];
    for (const { path, version: answer } of probes) {
      const version = await answer;
      found.push(version ? { path, version } : { path });
      if (version && atLeast(version, options.minVersion ?? MIN_AWS_CLI_VERSION)) {
        return { cli: { path, version }, found };
      }
    }
    return { found };
  } finally {
    for (const { stop } of probes) stop.abort();
  }
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

/** The version `path --version` prints; undefined when it prints none or was stopped. */
async function cliVersion(
  path: string,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<string | undefined> {
  const key = `${path}:${await stat(path).then(
    (s) => s.mtimeMs,
    () => 0,
  )}`;
  if (versionCache.has(key)) return versionCache.get(key);
  let version: string | undefined;
  // Never throws: findAwsCli does not wait for the probes it stops.
  try {
    // execa is loaded on first use (it is slow to import).
    const { execa } = await import("execa");
    if (signal.aborted) return undefined;
    // Not the user's config: the AWS CLI refuses to start on a config it cannot parse ("Unable to
    // parse config file"), and that is a config problem, not a sign of an old AWS CLI.
    const subprocess = execa(path, ["--version"], {
      env: { ...env, AWS_CONFIG_FILE: devNull, AWS_SHARED_CREDENTIALS_FILE: devNull },
      extendEnv: false,
      timeout: 15_000,
      reject: false,
      cancelSignal: signal,
    });
    // Stopping kills `aws`, but a wrapper script's child may live on with our pipes: let go of them
    // so that ssoenv does not wait for it to exit.
    const release = () => {
      subprocess.stdout?.destroy();
      subprocess.stderr?.destroy();
    };
    signal.addEventListener("abort", release, { once: true });
    const result = await subprocess;
    signal.removeEventListener("abort", release);
    if (result.isCanceled) return undefined;
    // v1 prints its version on stderr, v2 on stdout.
    version = parseAwsCliVersion(`${result.stdout}\n${result.stderr}`);
  } catch {
    if (signal.aborted) return undefined;
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
