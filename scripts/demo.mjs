#!/usr/bin/env node
// `pnpm demo`: the start of a developer's day, end to end, on the built-in IAM Identity Center
// emulator, in a throw-away HOME and project. Runs the real, built `ssoenv` binary; every secret in
// what it prints is redacted. Exits non-zero if any step does not behave as described.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const ssoenvBin = join(repoRoot, "packages/cli/bin/ssoenv.cjs");
const { startEmulator } = await import(join(repoRoot, "packages/emulator/dist/index.js"));

const bold = (text) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${text}\x1b[0m` : text);
const secrets = new Set();
/** Replaces every secret we know of, and anything shaped like an AWS key or token, before printing. */
const redact = (text) => {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(`${secret.slice(0, 4)}…(redacted)`);
  return out.replace(/\b((?:AKIA|ASIA)[A-Z2-7]{4})[A-Z2-7]{12}\b/g, "$1…(redacted)");
};

const emulator = await startEmulator({ approval: "auto", region: "eu-west-1" });
const home = mkdtempSync(join(tmpdir(), "ssoenv-demo-"));
const project = join(home, "work/shop");
// AWS CLI v2.9 ignores AWS_ENDPOINT_URL_*: endpoint rule-set overrides point it at the emulator too.
const awsDataPath = await emulator.writeAwsCliDataPath(join(home, "aws-data"));
let failures = 0;

try {
  setUpWorld();
  console.log(bold("ssoenv demo: the start of the day, on the IAM Identity Center emulator"));
  console.log(`emulator ${emulator.url} · HOME ${home}\n`);

  await step("Morning. Is there an SSO session?", ["status", "--profile", "dev"], { expect: [1, 3] });
  await step("Log in (device code; the emulator approves it, a browser would in real life)", [
    "login",
    "--profile",
    "dev",
    "--method",
    "native",
    "--no-browser",
  ]);
  await step("The main job: fresh credentials into every .env the project lists (ssoenv.toml)", ["refresh"]);
  learnSecrets(join(project, "apps/api/.env"));
  learnSecrets(join(project, "apps/worker/.env"));
  show(
    "apps/api/.env: only the AWS keys changed; comments, order and other keys are as they were",
    "apps/api/.env",
  );
  show("apps/worker/.env: another profile, keys renamed as ssoenv.toml asks", "apps/worker/.env");
  await step("Who am I, and how long is left before the 12-hour wall?", ["status", "--profile", "dev"]);
  await step("Run a command with credentials in its environment", [
    "exec",
    "--profile",
    "dev",
    "--",
    process.execPath,
    "-e",
    "console.log('child sees a key: ' + (process.env.AWS_ACCESS_KEY_ID ? 'yes' : 'no') + ', expires ' + process.env.AWS_CREDENTIAL_EXPIRATION)",
  ]);
  git(["add", "--force", "apps/api/.env"]);
  await step(
    "Someone force-adds a .env: the pre-commit scan refuses it (exit 1), with the secret redacted",
    ["scan", "--staged"],
    { expect: [1] },
  );
  console.log(
    failures === 0
      ? bold("\nDemo complete: every step behaved as described.")
      : bold(`\nDemo finished with ${failures} unexpected result(s).`),
  );
} finally {
  await emulator.stop();
  rmSync(home, { recursive: true, force: true });
}
process.exitCode = failures === 0 ? 0 : 1;

function setUpWorld() {
  mkdirSync(join(home, ".aws"), { recursive: true });
  writeFileSync(
    join(home, ".aws/config"),
    [
      "[sso-session acme]",
      `sso_start_url = ${emulator.startUrl}`,
      `sso_region = ${emulator.region}`,
      "sso_registration_scopes = sso:account:access",
      "",
      "[profile dev]",
      "sso_session = acme",
      "sso_account_id = 111111111111",
      "sso_role_name = AdministratorAccess",
      "region = eu-west-1",
      "",
      "[profile stg]",
      "sso_session = acme",
      "sso_account_id = 222222222222",
      "sso_role_name = ReadOnly",
      "region = eu-west-1",
      "",
    ].join("\n"),
  );
  mkdirSync(join(project, "apps/api"), { recursive: true });
  mkdirSync(join(project, "apps/worker"), { recursive: true });
  writeFileSync(
    join(project, "ssoenv.toml"),
    [
      'profile = "dev"',
      'min_validity = "1h"',
      "",
      "[[env_files]]",
      'path = "apps/api/.env"',
      "",
      "[[env_files]]",
      'path = "apps/worker/.env"',
      'profile = "stg"',
      "[env_files.keys]",
      'AWS_ACCESS_KEY_ID = "S3_ACCESS_KEY_ID"',
      'AWS_SECRET_ACCESS_KEY = "S3_SECRET_ACCESS_KEY"',
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(project, "apps/api/.env"),
    "# API settings (kept as they are)\nDATABASE_URL=postgres://localhost:5432/shop\nexport LOG_LEVEL='debug'\n\nAWS_ACCESS_KEY_ID=yesterdays-key\n",
    // private, as a .env with credentials should be (refresh would warn otherwise; the README's story has no warning)
    { mode: 0o600 },
  );
  writeFileSync(join(project, "apps/worker/.env"), 'QUEUE_NAME="orders"\r\n', { mode: 0o600 });
  writeFileSync(join(project, ".gitignore"), "node_modules/\n.env\n");
  git(["init", "-q"]);
  git(["add", ".gitignore", "ssoenv.toml"]);
}

function childEnv() {
  const env = { ...process.env, ...emulator.sdkEnv(), HOME: home, USERPROFILE: home, NO_COLOR: "1" };
  env.AWS_DATA_PATH = awsDataPath;
  for (const key of ["AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "SSOENV_PROFILE"]) {
    delete env[key];
  }
  for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) delete env[key];
  return env;
}

// Async on purpose: the emulator serves from this process, so a blocking spawn would starve it.
async function step(title, args, { expect = [0] } = {}) {
  console.log(bold(`\n▸ ${title}`));
  console.log(`$ ssoenv ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  const child = spawn(process.execPath, [ssoenvBin, ...args], {
    cwd: project,
    env: childEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    output += chunk;
  });
  const status = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  });
  output = output.trimEnd();
  if (output) console.log(redact(output).replace(/^/gm, "  "));
  const ok = expect.includes(status ?? -1);
  console.log(`  (exit ${status}${ok ? "" : `, expected ${expect.join(" or ")}`})`);
  if (!ok) failures++;
}

function show(title, relativePath) {
  console.log(bold(`\n▸ ${title}`));
  console.log(`$ cat ${relativePath}`);
  const text = readFileSync(join(project, relativePath), "utf8");
  console.log(redact(text.replace(/\r/g, "␍")).trimEnd().replace(/^/gm, "  "));
}

function learnSecrets(file) {
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const match = /^(?:export\s+)?[A-Z0-9_]*(?:SECRET|TOKEN|KEY_ID)[A-Z0-9_]*=["']?([^"'\s]+)/.exec(line);
    if (match?.[1] && match[1].length >= 16) secrets.add(match[1]);
  }
}

function git(args) {
  const result = spawnSync("git", args, { cwd: project, env: childEnv(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
}
