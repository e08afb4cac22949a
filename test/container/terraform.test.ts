import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Emulator } from "@ssoenv/emulator";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool, warnMissing } from "./support/find-tool.js";
import { type MotoServer, startMotoServer } from "./support/moto-server.js";
import { runEntrypoint } from "./support/run-entrypoint.js";
import { PROFILE, REPO_ROOT, type SsoHome } from "./support/sso-home.js";
import { terraformEnv } from "./support/terraform-env.js";
import { useSsoHome } from "./support/use-sso-home.js";

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
  const world = useTerraformWorld();

  for (const mode of ["profile", "env", "process"] as const) {
    it(
      `runs terraform init and apply with the state in S3 (SSOENV_MODE=${mode})`,
      async () => {
        const workdir = await terraformWorkdir({ ...world, name: `state-${mode}` });
        const env = terraformEnv(world, { SSOENV_MODE: mode });
        const run = (command: string[]) =>
          runEntrypoint({ command, env, cwd: workdir, timeoutMs: TERRAFORM_TIMEOUT_MS });

        const init = await run(TF_INIT);
        expect(init.all).toContain('Successfully configured the backend "s3"');
        expect(init.exitCode).toBe(0);

        const apply = await run(TF_APPLY);
        expect(apply.stdout).toContain("Apply complete! Resources: 1 added");
        expect(apply.exitCode).toBe(0);
        if (mode === "env") expect(apply.stderr).toContain("will NOT refresh");

        const state = await world.moto.getObject(`state-${mode}`, "terraform-container/terraform.tfstate");
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
      const workdir = await terraformWorkdir({ ...world, name: "state-tampered" });
      const env = terraformEnv(world, { SSOENV_MODE: "env" });
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
      const workdir = await terraformWorkdir({ ...world, name: "state-bare" });
      const { AWS_PROFILE: _profile, ...env } = terraformEnv(world, {});
      const init = await execa(TF_INIT[0] as string, TF_INIT.slice(1), {
        env: { ...env, AWS_CONFIG_FILE: join(world.home.root, "no-such-config") },
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
    const world = useTerraformWorld();

    it(
      "the entrypoint refuses to start terraform, and terraform on its own cannot get credentials",
      async () => {
        const workdir = await terraformWorkdir({ ...world, name: "state-revoked" });
        const env = terraformEnv(world, { SSOENV_MODE: "profile" });
        world.emulator.revokeTokens();

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

/** What the terraform tests run against: the emulator, a local S3 and a HOME signed in for 8 h. */
interface TerraformWorld {
  emulator: Emulator;
  moto: MotoServer;
  home: SsoHome;
}

/**
 * Registers the hooks that start a {@link TerraformWorld} before the tests of the `describe` it is
 * called in and stop it after them; returns it, filled in once the before hook has run.
 */
function useTerraformWorld(): TerraformWorld {
  const world = useSsoHome({ approval: "auto" }) as TerraformWorld;
  beforeAll(async () => {
    world.moto = await startMotoServer({ command: motoServer });
    await world.home.seedToken(world.emulator.issueToken({ expiresInMs: 8 * HOUR_MS }));
  });
  afterAll(async () => {
    await world.moto?.stop();
  });
  return world;
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
