import { existsSync } from "node:fs";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Emulator, startEmulator } from "@ssoenv/emulator";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool, warnMissing } from "./support/find-tool.js";
import { type MotoServer, startMotoServer } from "./support/moto-server.js";
import { runEntrypoint } from "./support/run-entrypoint.js";
import { CLI_BIN, createSsoHome, PROFILE, REPO_ROOT, type SsoHome } from "./support/sso-home.js";

// The real terraform, its built-in s3 backend, state in a local S3 (moto_server), and STS/SSO at the
// emulator, which checks SigV4 signatures: `terraform init` only succeeds with the right credentials.
const terraform = findTool("terraform");
const motoServer = findTool("moto_server");
if (!terraform) warnMissing("terraform", "the terraform-through-the-entrypoint tests");
if (!motoServer) warnMissing("moto_server (python moto[server])", "the terraform s3 backend tests");
const EXAMPLE_MAIN_TF = join(REPO_ROOT, "examples/terraform-container/main.tf");
const TERRAFORM_TIMEOUT_MS = 120_000;
const HOUR_MS = 3_600_000;

const TF_INIT = ["terraform", "init", "-input=false", "-no-color", "-backend-config=backend.hcl"];
const TF_APPLY = ["terraform", "apply", "-auto-approve", "-input=false", "-no-color"];

describe.skipIf(!terraform || !motoServer)("terraform through ssoenv-entrypoint (s3 backend)", () => {
  let emulator: Emulator;
  let moto: MotoServer;
  let home: SsoHome;

  beforeAll(async () => {
    if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`pnpm build\` first`);
    emulator = await startEmulator({ approval: "auto" });
    moto = await startMotoServer({ command: motoServer });
    home = await createSsoHome(emulator);
    await home.seedToken(emulator.issueToken({ expiresInMs: 8 * HOUR_MS }));
  });

  afterAll(async () => {
    await moto?.stop();
    await emulator?.stop();
    await home?.remove();
  });

  for (const mode of ["profile", "env", "process"] as const) {
    it(
      `runs terraform init and apply with the state in S3 (SSOENV_MODE=${mode})`,
      async () => {
        const workdir = await terraformWorkdir({ home, moto, emulator, name: `state-${mode}` });
        const env = terraformEnv(home, emulator, { SSOENV_MODE: mode });

        const init = await runEntrypoint({
          command: TF_INIT,
          env,
          cwd: workdir,
          timeoutMs: TERRAFORM_TIMEOUT_MS,
        });
        expect(init.all).toContain('Successfully configured the backend "s3"');
        expect(init.exitCode).toBe(0);

        const apply = await runEntrypoint({
          command: TF_APPLY,
          env,
          cwd: workdir,
          timeoutMs: TERRAFORM_TIMEOUT_MS,
        });
        expect(apply.stdout).toContain("Apply complete! Resources: 1 added");
        expect(apply.exitCode).toBe(0);
        if (mode === "env") expect(apply.stderr).toContain("will NOT refresh");

        const state = await moto.getObject(`state-${mode}`, "terraform-container/terraform.tfstate");
        expect(state).toBeDefined();
        const parsed = JSON.parse(state as string) as { outputs: { message: { value: string } } };
        expect(parsed.outputs.message.value).toBe("hello from a container with an SSO session");
      },
      TERRAFORM_TIMEOUT_MS,
    );
  }

  it(
    "terraform init fails when the secret key is wrong: the backend really authenticates",
    async () => {
      const workdir = await terraformWorkdir({ home, moto, emulator, name: "state-tampered" });
      const env = terraformEnv(home, emulator, { SSOENV_MODE: "env" });
      // Same access key id and session token, a different secret: the SigV4 signature cannot match.
      const init = await runEntrypoint({
        command: ["sh", "-c", `AWS_SECRET_ACCESS_KEY="\${AWS_SECRET_ACCESS_KEY}x" exec ${TF_INIT.join(" ")}`],
        env,
        cwd: workdir,
        timeoutMs: TERRAFORM_TIMEOUT_MS,
      });
      expect(init.exitCode).not.toBe(0);
      expect(init.all).toContain("GetCallerIdentity");
      expect(init.all).toContain("SignatureDoesNotMatch");
      expect(init.all).not.toContain("Successfully configured the backend");
    },
    TERRAFORM_TIMEOUT_MS,
  );

  it(
    "terraform alone, without the entrypoint and without credentials, cannot init the backend",
    async () => {
      const workdir = await terraformWorkdir({ home, moto, emulator, name: "state-bare" });
      const { AWS_PROFILE: _profile, ...env } = terraformEnv(home, emulator, {});
      const init = await execa(TF_INIT[0] as string, TF_INIT.slice(1), {
        env: { ...env, AWS_CONFIG_FILE: join(home.root, "no-such-config") },
        extendEnv: false,
        cwd: workdir,
        reject: false,
        all: true,
        timeout: TERRAFORM_TIMEOUT_MS,
      });
      expect(init.exitCode).not.toBe(0);
      expect(init.all).toContain("No valid credential sources found");
      expect(init.all).not.toContain("Successfully configured the backend");
    },
    TERRAFORM_TIMEOUT_MS,
  );
});

describe.skipIf(!terraform || !motoServer)(
  "terraform in profile mode after the SSO session is revoked",
  () => {
    let emulator: Emulator;
    let moto: MotoServer;
    let home: SsoHome;

    beforeAll(async () => {
      emulator = await startEmulator({ approval: "auto" });
      moto = await startMotoServer({ command: motoServer });
      home = await createSsoHome(emulator);
      await home.seedToken(emulator.issueToken({ expiresInMs: 8 * HOUR_MS }));
    });

    afterAll(async () => {
      await moto?.stop();
      await emulator?.stop();
      await home?.remove();
    });

    it(
      "the entrypoint refuses to start terraform, and terraform on its own cannot get credentials",
      async () => {
        const workdir = await terraformWorkdir({ home, moto, emulator, name: "state-revoked" });
        const env = terraformEnv(home, emulator, { SSOENV_MODE: "profile" });
        emulator.revokeTokens();

        const viaEntrypoint = await runEntrypoint({ command: TF_INIT, env, cwd: workdir, timeoutMs: 30_000 });
        expect(viaEntrypoint.exitCode).toBe(3);
        expect(viaEntrypoint.stderr).toContain(`ssoenv login --profile ${PROFILE}`);
        expect(viaEntrypoint.all).not.toContain("Initializing the backend");

        // The same profile, straight to terraform: its own SSO call is refused too.
        const direct = await execa(TF_INIT[0] as string, TF_INIT.slice(1), {
          env,
          extendEnv: false,
          cwd: workdir,
          reject: false,
          all: true,
          timeout: TERRAFORM_TIMEOUT_MS,
        });
        expect(direct.exitCode).not.toBe(0);
        expect(direct.all).toMatch(/GetRoleCredentials, https response error StatusCode: 401/);
        expect(direct.all).not.toContain("Successfully configured the backend");
      },
      TERRAFORM_TIMEOUT_MS,
    );
  },
);

/** The container's environment for terraform: no telemetry, no instance metadata, SDK endpoints at the emulator. */
function terraformEnv(
  home: SsoHome,
  emulator: Emulator,
  extra: Record<string, string>,
): Record<string, string> {
  return {
    PATH: `${home.binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    HOME: home.home,
    TMPDIR: home.tmpDir,
    AWS_PROFILE: PROFILE,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    AWS_EC2_METADATA_DISABLED: "true",
    NO_COLOR: "1",
    // The Go SDK in terraform honours these too: profile mode needs the SSO one for GetRoleCredentials.
    ...emulator.sdkEnv(),
    ...extra,
  };
}

/**
 * A working folder with the example's main.tf and a backend.hcl for a new bucket: S3 at moto, STS and
 * SSO at the emulator, and credential validation ON (terraform calls STS GetCallerIdentity).
 */
async function terraformWorkdir(options: {
  home: SsoHome;
  moto: MotoServer;
  emulator: Emulator;
  name: string;
}): Promise<string> {
  const workdir = join(options.home.root, "work", options.name);
  await mkdir(workdir, { recursive: true });
  await copyFile(EXAMPLE_MAIN_TF, join(workdir, "main.tf"));
  await options.moto.createBucket(options.name);
  await writeFile(
    join(workdir, "backend.hcl"),
    [
      `bucket = "${options.name}"`,
      `key = "terraform-container/terraform.tfstate"`,
      `region = "us-east-1"`,
      "use_path_style = true",
      "skip_credentials_validation = false",
      "skip_metadata_api_check = true",
      "endpoints = {",
      `  s3  = "${options.moto.url}"`,
      `  sts = "${options.emulator.url}"`,
      `  sso = "${options.emulator.url}"`,
      "}",
      "",
    ].join("\n"),
  );
  return workdir;
}
