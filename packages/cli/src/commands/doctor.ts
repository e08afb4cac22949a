import { constants } from "node:fs";
import { access, readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { findAwsCli, isSsoenvError, listSsoProfiles, loadProjectConfig, loadSsoProfile } from "@ssoenv/core";
import type { Command } from "commander";
import { examples } from "../common-options.js";
import { gitFileStates, gitWarning } from "../git-status.js";
import { colors } from "../ui.js";

/** One result of `ssoenv doctor`. */
export interface Finding {
  check: "aws-cli" | "config" | "profile" | "long-lived-keys" | "env-file" | "mise" | "clock";
  status: "ok" | "warn" | "fail";
  message: string;
  /** What to do about it (absent when ok). */
  fix?: string;
}

/** Clock skew that AWS still accepts but that shortens credentials and confuses expiry warnings. */
const SKEW_WARN_MS = 60_000;
/** AWS rejects signed requests beyond 5 minutes of skew. */
const SKEW_FAIL_MS = 5 * 60_000;

/** `ssoenv doctor`: checks the machine and the project, each finding with its fix. */
export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description(
      "check AWS CLI, ~/.aws/config, plaintext long-lived keys, .env files in git, mise, clock skew",
    )
    .option("--json", "print the findings as JSON on stdout")
    .addHelpText(
      "after",
      examples("ssoenv doctor", "ssoenv doctor --json | jq '.findings[] | select(.status != \"ok\")'"),
    )
    .action(async (options: { json?: boolean }) => {
      const env = process.env;
      const findings = (
        await Promise.all([
          checkAwsCli(env),
          checkConfig(env),
          checkLongLivedKeys(env),
          checkEnvFiles(),
          checkMise(env),
          checkClock(env),
        ])
      ).flat();
      const ok = findings.every((finding) => finding.status !== "fail");
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ok, findings }, null, 2)}\n`);
      } else {
        for (const finding of findings) {
          const mark =
            finding.status === "ok"
              ? colors.green("✔")
              : finding.status === "warn"
                ? colors.yellow("!")
                : colors.red("✖");
          process.stdout.write(`${mark} ${colors.dim(finding.check.padEnd(16))}${finding.message}\n`);
          if (finding.fix) process.stdout.write(`  ${colors.dim("fix:")} ${finding.fix}\n`);
        }
      }
      if (!ok) process.exitCode = 1;
    });
}

async function checkAwsCli(env: NodeJS.ProcessEnv): Promise<Finding[]> {
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
  const configPath = resolve(env.AWS_CONFIG_FILE ?? join(env.HOME ?? homedir(), ".aws", "config"));
  const text = await readFile(configPath, "utf8").catch(() => undefined);
  if (text === undefined) {
    return [
      {
        check: "config",
        status: "fail",
        message: `no AWS config file at ${configPath}`,
        fix: "run `aws configure sso` to create an sso-session and a profile",
      },
    ];
  }
  try {
    await listSsoProfiles({ env });
  } catch (error) {
    if (!isSsoenvError(error)) throw error;
    return [
      { check: "config", status: "fail", message: error.message, ...(error.hint ? { fix: error.hint } : {}) },
    ];
  }
  // The SDK's INI reader skips lines it cannot read, so a typo silently drops a setting: point at it.
  const badLines = text
    .split(/\r?\n/)
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(
      ({ line }) => !/^\s*$|^\s*[#;]|^\s*\[[^\]]+\]\s*([#;].*)?$|^\s*[^=\s[][^=]*=.*$|^\s+\S/.test(line),
    );
  if (badLines.length > 0) {
    return [
      {
        check: "config",
        status: "fail",
        message: `${configPath}:${badLines.map((bad) => bad.number).join(",")}: not a [section] or key = value line (the AWS SDKs skip it)`,
        fix: `fix line ${badLines[0]?.number} of ${configPath}: \`${badLines[0]?.line.trim()}\``,
      },
    ];
  }
  const findings: Finding[] = [{ check: "config", status: "ok", message: `${configPath} parses` }];
  const names = [...text.matchAll(/^\s*\[\s*(?:profile\s+)?([^\]\s]+)\s*\]/gm)]
    .map((match) => match[1] as string)
    .filter((name, index, all) => !name.startsWith("sso-session") && all.indexOf(name) === index);
  const sectionNames = [...text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)].map((m) => m[1] as string);
  for (const name of names) {
    if (!sectionNames.includes(`profile ${name}`) && name !== "default") continue;
    try {
      const profile = await loadSsoProfile({ profile: name, env });
      findings.push({
        check: "profile",
        status: "ok",
        message: `${name}: ${profile.accountId} / ${profile.roleName}${profile.legacy ? " (legacy SSO form)" : ` via sso-session ${profile.ssoSession}`}`,
      });
    } catch (error) {
      if (isSsoenvError(error, "NOT_SSO_PROFILE")) continue;
      if (!isSsoenvError(error)) throw error;
      findings.push({
        check: "profile",
        status: "fail",
        message: error.message,
        ...(error.hint ? { fix: error.hint } : {}),
      });
    }
  }
  return findings;
}

async function checkLongLivedKeys(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  const path = resolve(env.AWS_SHARED_CREDENTIALS_FILE ?? join(env.HOME ?? homedir(), ".aws", "credentials"));
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return [{ check: "long-lived-keys", status: "ok", message: `no ${path}` }];
  const leaky: string[] = [];
  let section = "default";
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]/.exec(line);
    if (header) section = header[1] as string;
    // Only the shape is checked; the key itself is never printed.
    else if (/^\s*aws_access_key_id\s*=\s*AKIA[A-Z2-7]{16}\s*$/i.test(line)) leaky.push(section);
  }
  if (leaky.length === 0)
    return [{ check: "long-lived-keys", status: "ok", message: `no long-lived keys in ${path}` }];
  return [
    {
      check: "long-lived-keys",
      status: "fail",
      message: `long-lived IAM user keys (AKIA…) in plaintext in ${path}, profile(s): ${leaky.join(", ")}; they work until revoked if this laptop leaks`,
      fix: "move those profiles to SSO (`aws configure sso`), then delete the keys in IAM and remove them from the file",
    },
  ];
}

async function checkEnvFiles(): Promise<Finding[]> {
  let project: Awaited<ReturnType<typeof loadProjectConfig>>;
  try {
    project = await loadProjectConfig();
  } catch (error) {
    if (!isSsoenvError(error)) throw error;
    return [
      {
        check: "env-file",
        status: "fail",
        message: error.message,
        ...(error.hint ? { fix: error.hint } : {}),
      },
    ];
  }
  const paths = project?.envFiles.length
    ? project.envFiles.map((file) => file.path)
    : [resolve(project?.dir ?? process.cwd(), ".env")];
  const findings: Finding[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    const warning = gitWarning(path, (await gitFileStates([path])).get(path));
    const exposed = (info.mode & 0o077) !== 0;
    if (warning) {
      findings.push({
        check: "env-file",
        status: "fail",
        message: warning.split(":")[0] ?? warning,
        fix: warning,
      });
    } else if (exposed) {
      findings.push({
        check: "env-file",
        status: "warn",
        message: `${path} is readable by other users (mode ${(info.mode & 0o777).toString(8)})`,
        fix: `chmod 600 ${path}`,
      });
    } else {
      findings.push({ check: "env-file", status: "ok", message: `${path} is private and not committed` });
    }
  }
  return findings;
}

async function checkMise(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, "mise");
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    ) {
      return [{ check: "mise", status: "ok", message: `mise at ${candidate}` }];
    }
  }
  return [
    {
      check: "mise",
      status: "warn",
      message: "mise is not on PATH (the aws:refresh tasks and a pinned AWS CLI need it)",
      fix: "install mise: https://mise.jdx.dev/getting-started.html",
    },
  ];
}

async function checkClock(env: NodeJS.ProcessEnv): Promise<Finding[]> {
  const endpoint = env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL ?? "https://sts.amazonaws.com";
  try {
    const sent = Date.now();
    const response = await fetch(endpoint, { method: "GET", signal: AbortSignal.timeout(3000) });
    const received = Date.now();
    await response.body?.cancel();
    const header = response.headers.get("date");
    if (!header) return [{ check: "clock", status: "warn", message: `no Date header from ${endpoint}` }];
    // The Date header has 1-second resolution; compare with the middle of the round trip.
    const skewMs = Date.parse(header) - (sent + received) / 2;
    const seconds = Math.round(skewMs / 1000);
    const status = Math.abs(skewMs) > SKEW_FAIL_MS ? "fail" : Math.abs(skewMs) > SKEW_WARN_MS ? "warn" : "ok";
    return [
      {
        check: "clock",
        status,
        message: `clock ${seconds === 0 ? "in sync with" : `${Math.abs(seconds)} s ${seconds > 0 ? "behind" : "ahead of"}`} STS (${endpoint})`,
        ...(status === "ok" ? {} : { fix: "sync the system clock (e.g. `sudo timedatectl set-ntp true`)" }),
      },
    ];
  } catch (error) {
    return [
      {
        check: "clock",
        status: "warn",
        message: `cannot reach STS at ${endpoint} to compare clocks (${error instanceof Error ? error.message : String(error)})`,
        fix: "check the network or proxy settings",
      },
    ];
  }
}
