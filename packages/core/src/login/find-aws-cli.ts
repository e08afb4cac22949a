import { constants } from "node:fs";
import { access, mkdir, open, readFile, realpath, stat } from "node:fs/promises";
import { devNull } from "node:os";
import { basename, join } from "node:path";
import { ssoenvStateDir } from "../config/aws-paths.js";
import { SsoenvError } from "../errors.js";
import { executablesOnPath } from "../fs/executables-on-path.js";
import { writeFileAtomic } from "../fs/write-file-atomic.js";
import { callOption } from "../text/call-option.js";
import { pyenvShimTarget } from "./pyenv-shim-target.js";

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
  /** Some answer came from `~/.aws/ssoenv/aws-cli-versions.json`, not from running the AWS CLI. */
  remembered?: true;
  /** `SSOENV_AWS_CLI` names no file to run: "SSOENV_AWS_CLI=/x does not exist" (nothing was run). */
  unusableSetting?: string;
}

/**
 * Versions by path and mtime: one process may look more than once (`ssoenv serve`, several logins).
 * Only of files that identify themselves (AwsFile's `id`): a wrapper's answer may change meanwhile.
 */
const versionCache = new Map<string, string | undefined>();

/**
 * Looks at every `aws` on PATH (the first may be a pip-installed v1) and picks the first v2 that is
 * new enough. `SSOENV_AWS_CLI` names a binary to use instead. A version learnt before for the same
 * file (remembered in `~/.aws/ssoenv/aws-cli-versions.json`) is not asked again; the others are asked
 * all at once (`onProbe` is told first), and those behind the one picked are stopped.
 */
export async function findAwsCli(
  options: {
    env?: NodeJS.ProcessEnv;
    minVersion?: readonly number[];
    /** Called once with the paths about to be run with `--version`, before they start; not when none is. */
    onProbe?: (paths: string[]) => void;
    /** Ask every `aws` again, whatever was remembered (requireAwsCli, before saying none is suitable). */
    fresh?: boolean;
  } = {},
): Promise<AwsCliSearch> {
  const env = options.env ?? process.env;
  const minVersion = options.minVersion ?? MIN_AWS_CLI_VERSION;
  const setting = env.SSOENV_AWS_CLI;
  // A typo'd path is not an old AWS CLI: said as the setting it is.
  const unusable = setting ? await unusableFile(setting) : undefined;
  if (unusable) return { found: [], unusableSetting: `SSOENV_AWS_CLI=${setting} ${unusable}` };
  const paths = setting ? [setting] : await whichAll("aws", env);
  const files = await Promise.all(paths.map((path) => identify(path, env)));
  const remembered = await readRememberedVersions(env);
  const known = files.map((file): { version: string | undefined; onDisk?: true } | undefined => {
    if (options.fresh) return undefined;
    if (versionCache.has(file.key)) return { version: versionCache.get(file.key) };
    const entry = file.id ? remembered[file.id.realPath] : undefined;
    return entry && entry.mtimeMs === file.id?.mtimeMs && entry.size === file.id.size
      ? { version: entry.version, onDisk: true }
      : undefined;
  });
  // Only the ones up to the first suitable answer already known matter.
  const knownSuitable = known.findIndex((k) => k?.version && atLeast(k.version, minVersion));
  const relevant = knownSuitable < 0 ? files.length : knownSuitable + 1;
  const toAsk = files.slice(0, relevant).filter((_, i) => !known[i]);
  if (toAsk.length > 0) options.onProbe?.(toAsk.map((file) => file.path));
  // Each `aws --version` takes 0.5-1 s (Python starting), seconds on a busy machine: ask them all at
  // once, read the answers in PATH order, and stop the ones behind the winner.
  const probes = files.slice(0, relevant).map((file, i) => {
    const stop = new AbortController();
    const answer = known[i];
    return {
      file,
      stop,
      version: answer ? Promise.resolve(answer.version) : cliVersion(file, env, stop.signal),
    };
  });
  const learnt: { path: string; version: string }[] = [];
  const fromDisk = known.slice(0, relevant).some((answer) => answer?.onDisk);
  const done = (search: AwsCliSearch): AwsCliSearch => (fromDisk ? { ...search, remembered: true } : search);
  try {
    const found: AwsCliSearch["found"] = [];
    for (const [i, { file, version: answer }] of probes.entries()) {
      const version = await answer;
      // Also what this process knew but the file did not (another HOME, or written meanwhile).
      if (!known[i]?.onDisk && version && file.id) learnt.push({ path: file.id.realPath, version });
      found.push(version ? { path: file.path, version } : { path: file.path });
      if (version && atLeast(version, minVersion)) return done({ cli: { path: file.path, version }, found });
    }
    return done({ found });
  } finally {
    for (const { stop } of probes) stop.abort();
    if (learnt.length > 0) await rememberVersions(env, remembered, files, learnt);
  }
}

/** An `aws` on PATH and, unless it is a version manager's shim, what identifies the file that answers. */
interface AwsFile {
  path: string;
  /** In this process's versionCache. */
  key: string;
  id?: { realPath: string; mtimeMs: number; size: number };
}

/**
 * A shim of a version manager (pyenv's and asdf's are shell scripts, mise's a link to mise itself)
 * runs whichever version is selected now: its answer is not remembered for the shim. A pyenv shim's
 * is remembered for the file pyenv says it runs now (another version selected, another file). Any
 * other shell-script wrapper is asked every time, as before.
 */
async function identify(path: string, env: NodeJS.ProcessEnv): Promise<AwsFile> {
  const { script, ...file } = await identifyFile(path);
  if (!script) return file;
  const target = await pyenvShimTarget({ path, text: script, env });
  const run = target ? await identifyFile(target) : undefined;
  return run?.id ? { path, key: `${path} -> ${run.key}`, id: run.id } : file;
}

/** `identify` without looking through a shim: `script` is the text of a shell script. */
async function identifyFile(path: string): Promise<AwsFile & { script?: string }> {
  const real = await realpath(path).catch(() => undefined);
  const stats = real ? await stat(real).catch(() => undefined) : undefined;
  const key = `${path}:${stats?.mtimeMs ?? 0}`;
  if (!real || !stats) return { path, key };
  const named = /^aws(\.exe|\.cmd)?$/i.test(basename(real));
  if (!named) return { path, key };
  const script = await shellScript(real);
  if (script !== undefined) return { path, key, script };
  return { path, key, id: { realPath: real, mtimeMs: stats.mtimeMs, size: stats.size } };
}

/** The start of the file if it is a shell script (a shim is a few hundred bytes), else undefined. */
async function shellScript(path: string): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, "r");
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const text = buffer.subarray(0, bytesRead).toString("latin1");
    const first = text.split("\n")[0] ?? "";
    return /^#!\s*\S*\/(env\s+(-\S+\s+)*)?(ba|da|z|k|a)?sh\b/.test(first) ? text : undefined;
  } catch {
    // unreadable: asked every time, as a script
    return "";
  } finally {
    await handle?.close().catch(() => {});
  }
}

type RememberedVersions = Record<string, { mtimeMs: number; size: number; version: string }>;

/** `~/.aws/ssoenv/aws-cli-versions.json`: the versions of the AWS CLIs asked before, by real path. */
function versionsFile(env: NodeJS.ProcessEnv): string {
  return join(ssoenvStateDir(env), "aws-cli-versions.json");
}

/** What was remembered; nothing when the file is missing, unreadable or not what ssoenv writes. */
async function readRememberedVersions(env: NodeJS.ProcessEnv): Promise<RememberedVersions> {
  const result: RememberedVersions = {};
  try {
    const raw = JSON.parse(await readFile(versionsFile(env), "utf8")) as { clis?: unknown };
    if (typeof raw.clis !== "object" || raw.clis === null) return result;
    for (const [path, entry] of Object.entries(raw.clis as Record<string, unknown>)) {
      const { mtimeMs, size, version } = (entry ?? {}) as Record<string, unknown>;
      if (typeof mtimeMs === "number" && typeof size === "number" && typeof version === "string") {
        if (parseAwsCliVersion(`aws-cli/${version}`) === version) result[path] = { mtimeMs, size, version };
      }
    }
  } catch {
    // no HOME, no file, or not JSON: ask the AWS CLI
  }
  return result;
}

/** Adds what was learnt (best effort: a read-only HOME only means asking again next time). */
async function rememberVersions(
  env: NodeJS.ProcessEnv,
  remembered: RememberedVersions,
  files: AwsFile[],
  learnt: { path: string; version: string }[],
): Promise<void> {
  try {
    const clis: RememberedVersions = {};
    // Entries of files gone (an upgrade of the official installer makes a new folder) are dropped.
    for (const [path, entry] of Object.entries(remembered)) {
      if (
        await stat(path).then(
          () => true,
          () => false,
        )
      )
        clis[path] = entry;
    }
    for (const { path, version } of learnt) {
      const id = files.find((file) => file.id?.realPath === path)?.id;
      if (id) clis[path] = { mtimeMs: id.mtimeMs, size: id.size, version };
    }
    await mkdir(ssoenvStateDir(env), { recursive: true, mode: 0o700 });
    await writeFileAtomic(versionsFile(env), `${JSON.stringify({ clis }, null, 2)}\n`, { mode: 0o600 });
  } catch {
    // asked again next time
  }
}

/**
 * Like findAwsCli, but throws when there is no suitable AWS CLI. `methodOption` is the caller's option
 * that chose it (ensureSession's `login`, login()'s `method`), for the hint's other way to log in.
 * @throws SsoenvError `AWS_CLI_MISSING` (none on PATH), `AWS_CLI_TOO_OLD` (only v1 or v2 < 2.9), or
 *   `ENVIRONMENT_INVALID` (SSOENV_AWS_CLI names no file to run).
 */
export async function requireAwsCli(
  options: {
    env?: NodeJS.ProcessEnv;
    onProbe?: (paths: string[]) => void;
    /** @default "method" */
    methodOption?: "login" | "method";
  } = {},
): Promise<AwsCli> {
  const { methodOption = "method", ...findOptions } = options;
  let search = await findAwsCli(findOptions);
  // A remembered answer is never the reason for this error: ask them all again first.
  if (!search.cli && search.remembered) search = await findAwsCli({ ...findOptions, fresh: true });
  if (search.cli) return search.cli;
  if (search.unusableSetting) {
    throw new SsoenvError("ENVIRONMENT_INVALID", search.unusableSetting, {
      hint: "set SSOENV_AWS_CLI to your AWS CLI v2's path (command -v aws), or unset SSOENV_AWS_CLI to use the aws on PATH",
    });
  }
  const install =
    "install AWS CLI v2 >= 2.9: `mise use -g awscli@latest`, or the `awscli` package (Debian 12+/Ubuntu 24.04+), " +
    `or https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html — or log in with ${callOption(methodOption, "native")}`;
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
  file: AwsFile,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<string | undefined> {
  const { path } = file;
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
  if (file.id) versionCache.set(file.key, version);
  return version;
}

/** Why `path` cannot be run as a program ("does not exist", "is not a file", ...), or undefined. */
async function unusableFile(path: string): Promise<string | undefined> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats) return "does not exist";
  if (!stats.isFile()) return "is not a file";
  const runnable = await access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
  return runnable ? undefined : `is not executable (chmod +x ${path})`;
}

/** executablesOnPath, each file once: one AWS CLI reached by several paths (/bin -> /usr/bin, a symlink in ~/.local/bin) is one. */
async function whichAll(name: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const result: string[] = [];
  const seen = new Set<string>();
  for (const path of executablesOnPath(name, env)) {
    const real = await realpath(path).catch(() => path);
    if (seen.has(real)) continue;
    seen.add(real);
    result.push(path);
  }
  return result;
}
