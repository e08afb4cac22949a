import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { configuredEndpoints } from "@ssoenv/core/internal/aws/aws-clients";
import { configuredMaxAttempts } from "@ssoenv/core/internal/aws/max-attempts";
import { measureClockSkew } from "@ssoenv/core/internal/aws/measure-clock-skew";
import { NETWORK_DEADLINE_VARIABLES, networkDeadlines } from "@ssoenv/core/internal/aws/network-deadlines";
import { isAwsCliRetryMode } from "@ssoenv/core/internal/aws/retry-mode";
import { stsRegionOf } from "@ssoenv/core/internal/aws/sts-region";
import {
  type ConfigLineProblem,
  describeConfigLineProblem,
  findConfigProblems,
  isConfigLineRefused,
} from "@ssoenv/core/internal/config/find-config-problems";
import { findCredentialsProblems } from "@ssoenv/core/internal/config/find-credentials-problems";
import {
  findLongLivedKeys,
  isLongLivedKeyId,
  type LongLivedKey,
  type LongLivedKeys,
} from "@ssoenv/core/internal/config/find-long-lived-keys";
import {
  loadConfigProfiles,
  loadSsoProfile,
  type SsoProfile,
} from "@ssoenv/core/internal/config/load-sso-profile";
import { profileHeader } from "@ssoenv/core/internal/config/profile-header";
import { isAcceptedRegion, isRegionName, likelyRegion } from "@ssoenv/core/internal/config/region-name";
import { profileNameVariable, resolveProfileName } from "@ssoenv/core/internal/config/resolve-profile-name";
import { isSsoenvError, type SsoenvError } from "@ssoenv/core/internal/errors";
import { executablesOnPath } from "@ssoenv/core/internal/fs/executables-on-path";
import { findAwsCli } from "@ssoenv/core/internal/login/find-aws-cli";
import { loadProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
import { projectEnvFiles } from "@ssoenv/core/internal/project/project-env-files";
import { STATIC_CREDENTIAL_ENV_NAMES } from "@ssoenv/core/internal/sinks/serve/endpoint-env";
import { someNames } from "@ssoenv/core/internal/text/some-names";
import { listSignIns } from "@ssoenv/core/internal/token/list-sign-ins";
import { shellWord } from "@ssoenv/secret-scan/shell-word";
import { asRunnable } from "../as-runnable.js";
import { describeOutlived } from "../describe-session.js";
import { expiredEnvFileWarning, findExpiredEnvFiles } from "../expired-env-files.js";
import { formatLeft, formatLocalTime } from "../format-time.js";
import { gitFileStates } from "../git-file-states.js";
import { gitWarning } from "../git-warning.js";
import { lowerFirst } from "../lower-first.js";
import { gitHooksDir, hookNodeOf, MARKER, markerOf, preCommitHookScript } from "../pre-commit-hook.js";
import { resolveMinValidity } from "../resolve-min-validity.js";
import { showProgress } from "../show-progress.js";
import { signInLoginCommand } from "../sign-in-login-command.js";
import { SIGN_IN_WARN_BELOW_MS } from "../sign-in-warn-below.js";
import { colors } from "../ui.js";

/** One result of `ssoenv doctor`. */
export interface Finding {
  check:
    | "aws-cli"
    | "config"
    | "profile"
    | "long-lived-keys"
    | "token-cache"
    | "sign-in"
    | "env-file"
    | "git-hook"
    | "mise"
    | "environment"
    | "endpoint"
    | "clock";
  status: "ok" | "warn" | "fail";
  message: string;
  /** What to do about it (absent when ok). */
  fix?: string;
}

/** What a check says of an error of ssoenv's: its message, and its hint as the fix. */
function findingOf(check: Finding["check"], error: SsoenvError, status: Finding["status"] = "fail"): Finding {
  return { check, status, message: error.message, ...(error.hint ? { fix: error.hint } : {}) };
}

/**
 * Clock skew that AWS still accepts but that shortens credentials and confuses expiry warnings
 * (beyond core's limit, `SSOENV_MAX_CLOCK_SKEW`, it fails).
 */
const SKEW_WARN_MS = 60_000;

/** What `ssoenv doctor` does (its declaration, with options and help: doctor.ts). */
export async function runDoctor(options: { json?: boolean }): Promise<void> {
  const env = process.env;
  // The profile ssoenv would use here: its endpoints and CA bundle shape the checks that ask AWS (one
  // that does not load is the profile check's finding, not theirs).
  const profile = await loadSsoProfile({ profile: resolveProfileName({ env }), env }).catch(() => undefined);
  // Seconds, often: the AWS CLIs on PATH are asked their version (Python starting), STS for the time.
  const stopProgress = showProgress("Running the checks");
  const findings = (
    await Promise.all([
      checkAwsCli(env),
      checkConfig(env),
      checkProfileVariable(env),
      checkEmptyAwsVariables(env),
      checkRetryModeVariable(env),
      checkEnvironmentKeys(env),
      checkEndpoints(env, profile),
      checkLongLivedKeys(env),
      checkTokenCache(env),
      checkEnvFiles(env),
      checkGitHook(),
      checkMise(env),
      checkEnvironment(env),
      checkClock(env, profile),
    ]).finally(stopProgress)
  ).flat();
  const ok = findings.every((finding) => finding.status !== "fail");
  if (options.json) {
    // The commands in it as the user's shell runs them (a mise task's), as in the text.
    const runnable = findings.map((finding) => ({
      ...finding,
      message: asRunnable(finding.message),
      ...(finding.fix ? { fix: asRunnable(finding.fix) } : {}),
    }));
    process.stdout.write(`${JSON.stringify({ ok, findings: runnable }, null, 2)}\n`);
  } else {
    for (const finding of shownInText(findings)) {
      const mark =
        finding.status === "ok"
          ? colors.green("✔")
          : finding.status === "warn"
            ? colors.yellow("!")
            : colors.red("✖");
      // As on stderr (ui.ts): a command in a finding is one the user's shell runs (a mise task's).
      process.stdout.write(`${mark} ${colors.dim(finding.check.padEnd(16))}${asRunnable(finding.message)}\n`);
      if (finding.fix) process.stdout.write(`  ${colors.dim("fix:")} ${asRunnable(finding.fix)}\n`);
    }
  }
  if (!ok) process.exitCode = 1;
}

/** More profiles that resolve than this are one line of the text output (after a `profiles sync`: hundreds). */
const PROFILES_SHOWN = 5;

/**
 * The findings as the text output shows them: profiles that resolve, when there are many, summed up
 * in one line where the first of them stood, so a failing check is not buried under hundreds of ✔.
 * `--json` keeps every finding.
 */
function shownInText(findings: readonly Finding[]): Finding[] {
  const resolved = findings.filter((f) => f.check === "profile" && f.status === "ok");
  if (resolved.length <= PROFILES_SHOWN) return [...findings];
  const names = resolved.map((f) => f.message.slice(0, f.message.indexOf(":")));
  const summary: Finding = {
    check: "profile",
    status: "ok",
    message: `${resolved.length} SSO profiles resolve (${someNames(names)}: ssoenv doctor --json lists each)`,
  };
  const first = findings.indexOf(resolved[0] as Finding);
  return findings.flatMap((f, i) => (i === first ? [summary] : resolved.includes(f) ? [] : [f]));
}

async function checkAwsCli(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  // The answers login uses: an AWS CLI is asked once per file (~/.aws/ssoenv/aws-cli-versions.json,
  // by real path, mtime and size), a shell script (pyenv's shim of a v1) every time, so a v1 first on
  // PATH is still found and named.
  const search = await findAwsCli({ env });
  const install = "install AWS CLI v2 >= 2.9 (e.g. `mise use -g awscli@latest`) and put it first on PATH";
  if (search.cli) {
    const shadowed = search.found[0]?.path !== search.cli.path;
    return [
      {
        check: "aws-cli",
        status: shadowed ? "warn" : "ok",
        message: `AWS CLI ${search.cli.version} at ${search.cli.path} (sso-session capable)${
          shadowed
            ? `; but \`aws\` runs ${search.found[0]?.path} (${search.found[0]?.version ?? "unknown version"}) first`
            : ""
        }`,
        ...(shadowed ? { fix: `put ${search.cli.path} first on PATH, or remove the older aws` } : {}),
      },
    ];
  }
  if (search.unusableSetting) {
    return [
      {
        check: "aws-cli",
        status: "warn",
        message: search.unusableSetting,
        fix: "set SSOENV_AWS_CLI to your AWS CLI v2's path (command -v aws), or unset SSOENV_AWS_CLI to use the aws on PATH",
      },
    ];
  }
  if (search.found.length === 0) {
    return [
      {
        check: "aws-cli",
        status: "warn",
        message: "no AWS CLI on PATH (ssoenv logs in natively)",
        fix: install,
      },
    ];
  }
  const list = search.found.map((f) => `${f.path} (${f.version ?? "unknown"})`).join(", ");
  return [
    {
      check: "aws-cli",
      status: "warn",
      message: `only old AWS CLIs without sso-session support: ${list}`,
      fix: install,
    },
  ];
}

async function checkConfig(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  const { path, exists, unreadable, problems } = await findConfigProblems({ env });
  if (unreadable) {
    return [
      {
        check: "config",
        status: "fail",
        message: `the AWS config file ${path} is unusable: ${unreadable}`,
        fix: `make ${path} a file you can read, or set AWS_CONFIG_FILE to your config file`,
      },
    ];
  }
  if (!exists) {
    return [
      env.AWS_CONFIG_FILE
        ? {
            check: "config",
            status: "fail",
            message: `no AWS config file at ${path}, the file AWS_CONFIG_FILE names`,
            fix: "fix AWS_CONFIG_FILE, or unset it to use ~/.aws/config (or create the file: aws configure sso)",
          }
        : {
            check: "config",
            status: "fail",
            message: `no AWS config file at ${path}`,
            fix: "run `aws configure sso` to create an sso-session and a profile",
          },
    ];
  }
  // Lines the AWS CLI refuses (it refuses the whole file), and `key: value` lines, which it reads
  // but the SDKs skip. Only file, line and key name: a value in these files may be a secret.
  const refused = problems.filter(isConfigLineRefused);
  const skipped = problems.filter((problem) => !isConfigLineRefused(problem));
  const findings: Finding[] = [];
  if (refused.length > 0) {
    const lines = refused.map((problem) => problem.line).join(", ");
    const first = refused[0] as ConfigLineProblem;
    findings.push({
      check: "config",
      status: "fail",
      message: `${path} is malformed: ${refused.length === 1 ? `line ${lines} is` : `lines ${lines} are`} refused by the AWS CLI ("Unable to parse config file"), and ssoenv refuses the file too`,
      fix: `line ${first.line} of ${path} ${describeConfigLineProblem(first)}`,
    });
  }
  // The credentials file's values win over the config's: its lines read otherwise count as much.
  const credentials = await findCredentialsProblems({ env });
  for (const [file, problem] of [
    ...skipped.map((problem) => [path, problem] as const),
    ...credentials.problems.map((problem) => [credentials.path, problem] as const),
  ]) {
    findings.push({
      check: "config",
      status: "warn",
      message: `line ${problem.line} of ${file} ${describeConfigLineProblem(problem)}`,
      fix: `edit line ${problem.line} of ${file}`,
    });
  }
  if (refused.length > 0) return findings;
  let loaded: Awaited<ReturnType<typeof loadConfigProfiles>>;
  try {
    loaded = await loadConfigProfiles({ env });
  } catch (error) {
    if (!isSsoenvError(error)) throw error;
    return [findingOf("config", error)];
  }
  findings.unshift({ check: "config", status: "ok", message: `${path} parses` });
  // An sso-session's region is said once, not once per profile on it.
  const badRegions = new Set<string>();
  for (const entry of loaded) {
    if ("error" in entry) {
      if (isSsoenvError(entry.error, "NOT_SSO_PROFILE")) continue;
      if (!isSsoenvError(entry.error)) throw entry.error;
      findings.push(findingOf("profile", entry.error));
      continue;
    }
    const { name, profile } = entry;
    let refused = false;
    for (const [key, value, section] of [
      [
        "sso_region",
        profile.ssoRegion,
        profile.legacy ? `profile ${name}` : `sso-session ${profile.ssoSession}`,
      ],
      ["region", profile.region, `profile ${name}`],
    ] as const) {
      const where = `[${section}] of ${path}`;
      if (value === undefined || isRegionName(value)) continue;
      // Not even a host name: the AWS CLI and every ssoenv command refuse the profile.
      const accepted = isAcceptedRegion(value);
      refused ||= !accepted;
      if (badRegions.has(`${where} ${key}`)) continue;
      badRegions.add(`${where} ${key}`);
      const meant = likelyRegion(value);
      findings.push({
        check: "profile",
        status: accepted ? "warn" : "fail",
        message: accepted
          ? `${key} = ${value} in ${where} is not an AWS region name (such as us-east-1): calls to it fail as 'could not be reached' (no such host)`
          : `${key} = ${value} in ${where} is not a region name: the AWS CLI and ssoenv refuse profile ${name} (letters, digits and - only)`,
        fix: `set ${key} in ${where} to ${meant ? `${meant}, if that is the one meant` : key === "sso_region" ? "your IAM Identity Center's region (e.g. us-east-1)" : "an AWS region (e.g. eu-west-1)"}`,
      });
    }
    // AWS_RETRY_MODE wins over it in the AWS CLI: then that variable is the one named (checkRetryModeVariable).
    if (
      profile.retryMode !== undefined &&
      !isAwsCliRetryMode(profile.retryMode) &&
      env.AWS_RETRY_MODE === undefined
    ) {
      const where = `${profileHeader(name)} of ${path}`;
      findings.push({
        check: "profile",
        status: "warn",
        message: `retry_mode = ${profile.retryMode} in ${where} is refused by the AWS CLI v2 for every command of profile ${name} ('must be one of: "standard" or "adaptive"'); ssoenv retries on its own and does not read it`,
        fix: `set retry_mode in ${where} to standard (or adaptive), or remove the line`,
      });
    }
    if (refused) continue;
    findings.push({
      check: "profile",
      status: "ok",
      message: `${name}: ${profile.roleChain ? `${profile.roleChain.hops.map((hop) => hop.roleArn).join(" -> ")} from profile ${profile.name}, ` : ""}${profile.accountId} / ${profile.roleName}${profile.legacy ? " (legacy SSO form)" : ` via sso-session ${profile.ssoSession}`}`,
    });
  }
  return findings;
}

/**
 * SSOENV_PROFILE, AWS_PROFILE or AWS_DEFAULT_PROFILE naming a profile the config does not have
 * (a leftover of another project's shell): every command run without --profile refuses it (exit 2),
 * and the AWS CLI and SDKs too. Core's error names the variable and the profiles there. Nothing when
 * no variable names one, or it names a profile (whose own problems are the profile check's).
 */
async function checkProfileVariable(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  if (!profileNameVariable({ env })) return [];
  try {
    await loadSsoProfile({ env });
  } catch (error) {
    if (isSsoenvError(error, "PROFILE_NOT_FOUND")) return [findingOf("environment", error)];
  }
  return [];
}

/**
 * AWS_PROFILE=, AWS_CONFIG_FILE=, AWS_REGION= and the like, set but empty (`export AWS_PROFILE=` to
 * "clear" it): the AWS CLI (and boto3, for the variables it reads) take the empty value as it is (a
 * profile named "": 'The config profile () could not be found' for every command; no config file at
 * all; a region "": 'Invalid endpoint: https://sts..amazonaws.com'), while ssoenv and the JS SDK read
 * an empty variable as unset. A warning each, naming the variable.
 */
function checkEmptyAwsVariables(env: NodeJS.ProcessEnv): Finding[] {
  const readAs = {
    AWS_PROFILE: `the AWS CLI and boto3 read that as a profile named "" and refuse every command ('The config profile () could not be found'), while ssoenv and the JS SDK take it as unset`,
    AWS_DEFAULT_PROFILE: `the AWS CLI and boto3 read that as a profile named "" and refuse every command ('The config profile () could not be found'), while ssoenv takes it as unset`,
    AWS_CONFIG_FILE:
      "the AWS CLI and boto3 read that as no config file at all, while ssoenv and the JS SDK read ~/.aws/config",
    AWS_SHARED_CREDENTIALS_FILE:
      "the AWS CLI and boto3 read that as no credentials file at all, while ssoenv and the JS SDK read ~/.aws/credentials",
    AWS_REGION: `the AWS CLI reads that as a region "" and fails every call ('Invalid endpoint: https://sts..amazonaws.com'), while ssoenv, boto3 and the JS SDK take it as unset`,
    AWS_DEFAULT_REGION: `the AWS CLI and boto3 read that as a region "" and fail every call ('Invalid endpoint: https://sts..amazonaws.com'), while ssoenv takes it as unset`,
  } as const;
  return Object.entries(readAs)
    .filter(([name]) => env[name] === "")
    .map(([name, what]) => ({
      check: "environment",
      status: "warn",
      message: `${name} is set but empty: ${what}`,
      fix: `unset ${name}`,
    }));
}

/**
 * AWS_RETRY_MODE set to a value the AWS CLI v2 refuses for every command (`legacy`, which boto3 takes,
 * or "" too). ssoenv does not read it, so only doctor says so.
 */
function checkRetryModeVariable(env: NodeJS.ProcessEnv): Finding[] {
  const value = env.AWS_RETRY_MODE;
  if (value === undefined || isAwsCliRetryMode(value)) return [];
  return [
    {
      check: "environment",
      status: "warn",
      message: `AWS_RETRY_MODE=${value} is refused by the AWS CLI v2 for every command ('must be one of: "standard" or "adaptive"'${value === "legacy" ? "; boto3 takes legacy" : ""}); ssoenv retries on its own and does not read it`,
      fix: "set AWS_RETRY_MODE=standard (or adaptive), or unset AWS_RETRY_MODE",
    },
  ];
}

/**
 * Keys in the environment (an `eval "$(ssoenv env)"` from hours ago, an export in a shell profile):
 * the AWS CLI, boto3 and most SDKs take them before any profile, AWS_PROFILE's too (only the JS SDK
 * v3 skips them when AWS_PROFILE is set), so "the profile does not work" is often these. A long-lived
 * key (AKIA…) fails, as in the AWS files; others warn. Names only, never a value.
 */
function checkEnvironmentKeys(env: NodeJS.ProcessEnv): Finding[] {
  const id = env.AWS_ACCESS_KEY_ID;
  if (!id || !env.AWS_SECRET_ACCESS_KEY) return [];
  const longLived = isLongLivedKeyId(id);
  const expiresAt = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
  const expired = expiresAt !== undefined && expiresAt.getTime() <= Date.now();
  const named = profileNameVariable({ env });
  return [
    {
      check: "environment",
      status: longLived ? "fail" : "warn",
      message: `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in this environment${longLived ? ", a long-lived IAM user key (AKIA…)" : ""}${expired ? `, expired at ${formatLocalTime(expiresAt)} (AWS_CREDENTIAL_EXPIRATION)` : ""}: the AWS CLI, boto3 and most tools use them before any profile${named ? `, even with ${named} set (only the JS SDK v3 then takes the profile)` : ""}`,
      fix: `unset ${STATIC_CREDENTIAL_ENV_NAMES.join(" ")} (for one command, ssoenv exec -- CMD sets fresh ones)`,
    },
  ];
}

/** What the AWS services ssoenv calls are called in a finding. */
const SERVICE_NAMES = { sso: "SSO", "sso-oidc": "SSO OIDC", sts: "STS", signin: "console sign-in" } as const;

/**
 * Endpoints set in the environment, or in the config for the profile ssoenv would use, send its
 * sign-in and credential calls elsewhere than AWS: a leftover of LocalStack or a test makes every
 * login fail far from its cause (or the clock check pass against the wrong server). A warning per
 * variable or config key, naming the services it redirects; a value that is not a URL (or a
 * `services = NAME` without its section) fails, as every command refuses it.
 */
function checkEndpoints(env: NodeJS.ProcessEnv, profile: SsoProfile | undefined): Finding[] {
  let endpoints: ReturnType<typeof configuredEndpoints>;
  try {
    endpoints = configuredEndpoints(env, profile);
  } catch (error) {
    if (!isSsoenvError(error)) throw error;
    return [findingOf("endpoint", error)];
  }
  const sources = [...new Set(endpoints.map((endpoint) => endpoint.from))];
  const keep = "to keep it for other tools, run ssoenv with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true";
  return sources.map((from) => {
    const mine = endpoints.filter((endpoint) => endpoint.from === from);
    const services = mine.map((endpoint) => SERVICE_NAMES[endpoint.service]).join(", ");
    const first = mine[0] as (typeof mine)[number];
    if (first.file) {
      return {
        check: "endpoint",
        status: "warn",
        message: `${from} is ${first.url}: ssoenv's ${services} calls for profile ${profile?.name} go there, not to AWS`,
        fix: `remove ${first.setting} from ${first.file} if it is left over (LocalStack, a test); ${keep}`,
      };
    }
    return {
      check: "endpoint",
      status: "warn",
      message: `${from}=${first.url} is set: ssoenv's ${services} calls go there, not to AWS`,
      fix: `unset ${from} if it is left over (LocalStack, a test); ${keep}`,
    };
  });
}

async function checkLongLivedKeys(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  let found: LongLivedKeys;
  try {
    found = await findLongLivedKeys({ env });
  } catch {
    // An unreadable config is the config check's finding.
    return [];
  }
  const { keys } = found;
  // A file it could not read was not checked: never an all-clear for it (the SDKs skip it silently).
  const unchecked: Finding[] = found.unreadable.map(({ path, reason }) => ({
    check: "long-lived-keys",
    status: "warn",
    message: `${path} was not checked for long-lived keys: ${reason}`,
    // chmod alone cannot help a directory where the file should be
    fix: `make ${path} a file you can read (ls -ld ${path}; chmod 600 a file, move a directory aside)`,
  }));
  // Temporary keys where SSO is meant: Node tools run as someone else, and fail once the keys expire.
  const shadowing: Finding[] = found.otherKeysShadowingSso.map((key) => ({
    check: "long-lived-keys",
    status: "warn",
    message: `${keysSection(key)} in ${key.path} holds static keys ${key.file === "config" ? "beside its SSO settings" : `under the name of SSO ${key.configHeader}`}: the AWS CLI and boto3 use SSO for it, but Node tools (JS SDK v3) use those keys, another identity (and they fail once they expire)`,
    fix: `remove aws_access_key_id, aws_secret_access_key and aws_session_token from ${keysSection(key)} in ${key.path}`,
  }));
  if (keys.length === 0) {
    return unchecked.length > 0
      ? [...shadowing, ...unchecked]
      : [
          { check: "long-lived-keys", status: "ok", message: "no long-lived keys in the AWS files" },
          ...shadowing,
        ];
  }
  const where = [...new Set(keys.map((key) => key.path))]
    .map(
      (path) =>
        `${path}, profile(s): ${keys
          .filter((key) => key.path === path)
          .map((key) => key.profile)
          .join(", ")}`,
    )
    .join("; ");
  return [
    {
      check: "long-lived-keys",
      status: "fail",
      message: `long-lived IAM user keys (AKIA…) in plaintext in ${where}; they work until revoked if this laptop leaks`,
      fix: "move those profiles to SSO (`aws configure sso`), then delete the keys in IAM and remove them from the file",
    },
    // Two tools, two identities for one profile name: say which runs as whom, and the fix.
    ...keys
      .filter((key) => key.shadowsSso)
      .map(
        (key): Finding => ({
          check: "long-lived-keys",
          status: "fail",
          message: `${keysSection(key)} in ${key.path} holds a long-lived key ${key.file === "config" ? "beside its SSO settings" : `under the name of SSO ${key.configHeader}`}: the AWS CLI and boto3 use SSO for it, but Node tools (JS SDK v3) use the key and run as that IAM user, not the SSO role`,
          fix: `remove aws_access_key_id and aws_secret_access_key from ${keysSection(key)} in ${key.path}`,
        }),
      ),
    ...shadowing,
    ...unchecked,
  ];
}

/** The section holding a key as its file names it: `[dev]` in the credentials file, `[profile dev]` in the config. */
function keysSection(key: Pick<LongLivedKey, "file" | "profile" | "configHeader">): string {
  return key.file === "config" ? key.configHeader : `[${key.profile}]`;
}

/**
 * Token cache files a command cannot use (not JSON, unreadable, no accessToken): each command on
 * that sign-in then needs a login (exit 3 without a terminal). Then the sign-in of each sso-session
 * (or legacy start URL) that profiles use, as `ssoenv sessions` tells it: the one a user whose
 * commands stopped working needs to hear of ("ended", and the login). Files only, no AWS call.
 * Nothing when the config cannot be read (the config check's finding).
 */
async function checkTokenCache(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  const signIns = await listSignIns({ env }).catch((error: unknown) => {
    if (isSsoenvError(error)) return [];
    throw error;
  });
  const now = Date.now();
  return signIns.flatMap((signIn): Finding[] => {
    const title = signIn.ssoSession ? `sso-session ${signIn.ssoSession}` : `start URL ${signIn.startUrl}`;
    if (signIn.tokenCacheError) {
      return [
        {
          check: "token-cache",
          status: "warn",
          message: `${title}: ${lowerFirst(signIn.tokenCacheError)}; every command on it needs a login`,
          fix: `${signInLoginCommand(signIn)} (the login replaces the file)`,
        },
      ];
    }
    // An sso-session no profile uses yet (one for profiles sync) is nobody's problem; one that a
    // profile only signs in with (a legacy start URL's may have no other) is that profile's.
    if (signIn.profiles.length === 0 && signIn.signInOnlyProfiles.length === 0) return [];
    const end = signIn.signInEndsAt;
    if (signIn.signedIn && end && end.getTime() - now < SIGN_IN_WARN_BELOW_MS) {
      // The last hour: as status warns, so a check before a long job or a night's work says it.
      return [
        {
          check: "sign-in",
          status: "warn",
          message: `${title}: signed in until ${formatLocalTime(end)} (${formatLeft(end.getTime() - now)}): log in again before long jobs`,
          fix: signInLoginCommand(signIn),
        },
      ];
    }
    if (signIn.signedIn) {
      return [
        {
          check: "sign-in",
          status: "ok",
          message: `${title}: ${end ? `signed in until ${formatLocalTime(end)} (${formatLeft(end.getTime() - now)})` : signIn.outlived ? describeOutlived(signIn.outlived) : "signed in (end unknown: not logged in by ssoenv)"}`,
        },
      ];
    }
    const names = signIn.profiles.map((profile) => profile.name);
    // Profiles that only sign in run no commands on it: the login (fix) is all there is to say.
    const needing =
      names.length === 0
        ? ""
        : `; commands on ${names.length === 1 ? `profile ${names[0]}` : `its ${names.length} profiles (${someNames(names)})`} need a login`;
    return [
      {
        check: "sign-in",
        status: "warn",
        message: `${title}: not signed in${end ? ` (the sign-in ended ${formatLocalTime(end)})` : ""}${needing}`,
        fix: signInLoginCommand(signIn),
      },
    ];
  });
}

async function checkEnvFiles(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  let project: Awaited<ReturnType<typeof loadProjectConfig>>;
  try {
    project = await loadProjectConfig({ env });
  } catch (error) {
    if (!isSsoenvError(error)) throw error;
    return [findingOf("env-file", error)];
  }
  const paths = projectEnvFiles({ project, cwd: process.cwd() }).map((file) => file.path);
  const findings: Finding[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    const state = (await gitFileStates([path])).get(path);
    const warning = gitWarning(path, state);
    const exposed = (info.mode & 0o077) !== 0;
    if (warning) {
      // Not knowing is not a failure: the file may well be ignored.
      const status = state === "git-failed" ? "warn" : "fail";
      findings.push({ check: "env-file", status, message: warning.problem, fix: warning.fix });
    } else if (exposed) {
      findings.push({
        check: "env-file",
        status: "warn",
        message: `${path} is readable by other users (mode ${(info.mode & 0o777).toString(8)})`,
        fix: `chmod 600 ${shellWord(path)}`,
      });
    } else {
      findings.push({ check: "env-file", status: "ok", message: `${path} is private and not committed` });
    }
  }
  for (const file of await findExpiredEnvFiles(project)) {
    const { problem, fix } = expiredEnvFileWarning(file.path, file);
    findings.push({ check: "env-file", status: "warn", message: problem, fix });
  }
  return findings;
}

/**
 * The git hooks of the repository here, when ssoenv wrote the pre-commit one: the one this ssoenv
 * would write, or one from another ssoenv (another install, an older version: it may run a file
 * that is gone); and its pre-merge-commit hook, which installs from before it existed lack (merge
 * commits then go unscanned). Nothing outside a repository or without an ssoenv pre-commit hook.
 */
async function checkGitHook(): Promise<Finding[]> {
  const hooksDir = await gitHooksDir();
  if (!hooksDir) return [];
  const path = join(hooksDir, "pre-commit");
  const installed = await readFile(path, "utf8").catch(() => undefined);
  const mergePath = join(hooksDir, "pre-merge-commit");
  const merge = await readFile(mergePath, "utf8").catch(() => undefined);
  if (installed === undefined || !installed.includes(MARKER)) {
    // ssoenv's pre-merge-commit without its pre-commit: another tool wrote over ours (`git secrets
    // --install -f` does), and commits go unscanned. pre-commit's own hook runs ours as .legacy.
    const legacy = await readFile(join(hooksDir, "pre-commit.legacy"), "utf8").catch(() => undefined);
    if (!merge?.includes(markerOf("pre-merge-commit")) || legacy?.includes(MARKER)) return [];
    return [
      {
        check: "git-hook",
        status: "warn",
        message: `${path} ${installed === undefined ? "is gone" : "is no longer ssoenv's (another tool wrote over it)"}, while ${mergePath} is: commits go unscanned`,
        fix: "ssoenv hook install (puts it back; a hook there now is kept as pre-commit.local and runs first)",
      },
    ];
  }
  const findings: Finding[] = [];
  // Written by this ssoenv, from whichever Node.js ran it then (the hook runs that one).
  const node = hookNodeOf(installed);
  if (
    installed === preCommitHookScript() ||
    (node !== undefined && installed === preCommitHookScript({ node }))
  ) {
    findings.push({ check: "git-hook", status: "ok", message: `${path} runs this ssoenv's scan` });
  } else {
    findings.push({
      check: "git-hook",
      status: "warn",
      message: `${path} was written by another or an older ssoenv (it may run a file that is gone)`,
      fix: "ssoenv hook install (rewrites it for this ssoenv; a chained pre-commit.local is kept)",
    });
  }
  if (merge === undefined || !merge.includes(markerOf("pre-merge-commit"))) {
    findings.push({
      check: "git-hook",
      status: "warn",
      message: `${mergePath} is not ssoenv's: merge commits (git merge, git pull) skip pre-commit and go unscanned`,
      fix: "ssoenv hook install (adds it; an existing pre-merge-commit hook is kept and runs first)",
    });
  }
  return findings;
}

function checkMise(env: NodeJS.ProcessEnv): Finding[] {
  const [mise] = executablesOnPath("mise", env);
  if (mise) return [{ check: "mise", status: "ok", message: `mise at ${mise}` }];
  return [
    {
      check: "mise",
      status: "warn",
      message: "mise is not on PATH (the aws:refresh tasks and a pinned AWS CLI need it)",
      fix: "install mise: https://mise.jdx.dev/getting-started.html",
    },
  ];
}

/**
 * The settings every command reads before it calls AWS (the network deadlines, SSOENV_MIN_VALIDITY
 * and AWS_MAX_ATTEMPTS, which the AWS CLI refuses too): a bad one makes each of them exit 2, so each is a failing finding with the
 * same line. Nothing when they are unset or valid. (SSOENV_MAX_CLOCK_SKEW is the clock check's.)
 */
function checkEnvironment(env: NodeJS.ProcessEnv): Finding[] {
  const checks = [
    ...Object.values(NETWORK_DEADLINE_VARIABLES).map((name) => () => networkDeadlines({ [name]: env[name] })),
    () => resolveMinValidity({ env }),
    () => configuredMaxAttempts(env),
  ];
  const findings: Finding[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      if (!isSsoenvError(error)) throw error;
      findings.push(findingOf("environment", error));
    }
  }
  return findings;
}

async function checkClock(env: NodeJS.ProcessEnv, profile: SsoProfile | undefined): Promise<Finding[]> {
  let measured: Awaited<ReturnType<typeof measureClockSkew>>;
  try {
    // At the STS endpoint, through the proxy and CA bundle, that ssoenv's STS calls use: the
    // profile's region, endpoints and ca_bundle, as the AWS CLI takes them.
    measured = await measureClockSkew({
      env,
      ...(profile ? { region: stsRegionOf(profile, env).region } : {}),
      settings: {
        caBundle: profile?.caBundle,
        useDualstackEndpoint: profile?.useDualstackEndpoint,
        useFipsEndpoint: profile?.useFipsEndpoint,
        endpointConfig: profile?.endpointConfig,
      },
    });
  } catch (error) {
    if (!isSsoenvError(error)) throw error;
    // A bad SSOENV_MAX_CLOCK_SKEW breaks every AWS call (fail); an unreachable STS may be the network (warn).
    const status = error.code === "ENDPOINT_UNREACHABLE" ? "warn" : "fail";
    return [findingOf("clock", error, status)];
  }
  const { endpoint, skewMs, maxSkewMs } = measured;
  if (skewMs === undefined)
    return [{ check: "clock", status: "warn", message: `no Date header from ${endpoint}` }];
  const seconds = Math.round(skewMs / 1000);
  const status = Math.abs(skewMs) > maxSkewMs ? "fail" : Math.abs(skewMs) > SKEW_WARN_MS ? "warn" : "ok";
  return [
    {
      check: "clock",
      status,
      message: `clock ${seconds === 0 ? "in sync with" : `${Math.abs(seconds)} s ${seconds < 0 ? "behind" : "ahead of"}`} STS (${endpoint})`,
      ...(status === "ok" ? {} : { fix: "sync the system clock (e.g. `sudo timedatectl set-ntp true`)" }),
    },
  ];
}
