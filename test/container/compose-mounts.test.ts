import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readSignInRecord } from "@ssoenv/core/internal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeMountsPrefix, readOnlyAwsPrefix, unshareArgs } from "./support/compose-mounts.js";
import { findTool, warnMissing } from "./support/find-tool.js";
import { type MotoServer, startMotoServer } from "./support/moto-server.js";
import { runEntrypoint } from "./support/run-entrypoint.js";
import { PROFILE, REPO_ROOT, SSO_SESSION } from "./support/sso-home.js";
import { terraformEnv } from "./support/terraform-env.js";
import { useSsoHome } from "./support/use-sso-home.js";

// compose.yaml mounts ~/.aws read-only, ~/.aws/sso/cache writable and ~/.aws/ssoenv as a tmpfs. Without
// Docker, a private mount namespace reproduces exactly that around the entrypoint.
const unshare = unshareArgs !== undefined;
const terraform = findTool("terraform");
const motoServer = findTool("moto_server");
const hasScript = findTool("script") !== undefined;
if (!unshare)
  warnMissing("unshare -m / -rm (root, CAP_SYS_ADMIN or user namespaces)", "the compose mount layout tests");
if (!terraform) warnMissing("terraform", "terraform under the compose mount layout");
if (!motoServer) warnMissing("moto_server", "terraform under the compose mount layout");
if (!hasScript) warnMissing("script (util-linux)", "the login under the compose mount layout");
const HOUR_MS = 3_600_000;
const TIMEOUT_MS = 120_000;

describe.skipIf(!unshare)(
  "with ~/.aws mounted as compose.yaml mounts it (read-only, writable sso/cache)",
  () => {
    const { emulator, home } = useSsoHome({ approval: "auto" });
    let moto: MotoServer | undefined;
    beforeAll(async () => {
      if (motoServer) moto = await startMotoServer({ command: motoServer });
    });
    afterAll(async () => {
      await moto?.stop();
    });

    const env = (extra: Record<string, string>) => terraformEnv({ home, emulator }, extra);

    it("the command sees ~/.aws read-only except sso/cache", async () => {
      await home.seedToken(emulator.issueToken({ expiresInMs: 8 * HOUR_MS }));
      const result = await runEntrypoint({
        prefix: composeMountsPrefix(home.home),
        command: [
          "sh",
          "-c",
          'touch "$HOME/.aws/probe" 2>/dev/null && echo config-writable; touch "$HOME/.aws/sso/cache/probe" && echo cache-writable',
        ],
        env: env({}),
      });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe("cache-writable");
    });

    it.skipIf(!hasScript)(
      "a login inside the container lands in the host's token cache",
      async () => {
        await rm(home.cachePath, { force: true }); // no session
        const before = Date.now();
        const result = await runEntrypoint({
          prefix: composeMountsPrefix(home.home),
          pty: true,
          command: ["sh", "-c", "echo command-ran"],
          env: env({ TERM: "dumb", SSOENV_LOGIN_METHOD: "native" }),
        });
        expect(result.all).toContain("Not logged in");
        expect(result.all).toContain("command-ran");
        expect(result.exitCode).toBe(0);
        const cached = JSON.parse(await readFile(home.cachePath, "utf8")) as Record<string, unknown>;
        expect(Object.keys(cached)).toEqual(
          expect.arrayContaining(["accessToken", "expiresAt", "refreshToken"]),
        );
        // And the host now knows when that sign-in started (so when it ends): during this run, however
        // long a loaded machine made it.
        const signedInAt = await readSignInRecord({
          profile: { ssoSession: SSO_SESSION, startUrl: emulator.startUrl },
          env: { HOME: home.home },
        });
        expect(signedInAt?.getTime()).toBeGreaterThanOrEqual(before);
        expect(signedInAt?.getTime()).toBeLessThanOrEqual(Date.now());
      },
      TIMEOUT_MS,
    );

    for (const mode of ["profile", "env", "process"] as const) {
      it.skipIf(!terraform || !motoServer)(
        `terraform init and apply work in SSOENV_MODE=${mode}`,
        async () => {
          await home.seedToken(emulator.issueToken({ expiresInMs: 8 * HOUR_MS }));
          const bucket = `compose-${mode}`;
          const workdir = join(home.root, "work", bucket);
          await mkdir(workdir, { recursive: true });
          await copyFile(join(REPO_ROOT, "examples/terraform-container/main.tf"), join(workdir, "main.tf"));
          await moto?.createBucket(bucket);
          await writeFile(
            join(workdir, "backend.hcl"),
            `bucket = "${bucket}"\nkey = "t.tfstate"\nregion = "us-east-1"\nuse_path_style = true\nskip_metadata_api_check = true\nendpoints = { s3 = "${moto?.url}", sts = "${emulator.url}", sso = "${emulator.url}" }\n`,
          );
          const script =
            "terraform init -input=false -no-color -backend-config=backend.hcl && terraform apply -auto-approve -input=false -no-color";
          const result = await runEntrypoint({
            prefix: composeMountsPrefix(home.home),
            command: ["sh", "-c", script],
            env: env({ SSOENV_MODE: mode }),
            cwd: workdir,
            timeoutMs: TIMEOUT_MS,
          });
          expect(result.all).toContain("Apply complete! Resources: 1 added");
          expect(result.exitCode).toBe(0);
        },
        TIMEOUT_MS,
      );
    }
  },
);

describe.skipIf(!unshare)("with all of ~/.aws read-only (docker run -v ~/.aws:/home/ssoenv/.aws:ro)", () => {
  const { emulator, home } = useSsoHome({ approval: "auto" });
  const env = () => ({
    PATH: `${home.binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    HOME: home.home,
    TMPDIR: home.tmpDir,
    AWS_PROFILE: PROFILE,
    NO_COLOR: "1",
    ...emulator.sdkEnv(),
  });

  for (const mode of ["profile", "process", "env"] as const) {
    it(`a fresh token needs no write: the command runs (SSOENV_MODE=${mode}), warned when it would refresh later`, async () => {
      await home.seedToken(emulator.issueToken({ expiresInMs: 8 * HOUR_MS }));
      const result = await runEntrypoint({
        prefix: readOnlyAwsPrefix(home.home),
        command: ["sh", "-c", "echo command-ran"],
        env: { ...env(), SSOENV_MODE: mode },
      });
      expect(result.stdout).toBe("command-ran");
      expect(result.exitCode).toBe(0);
      // profile and process renew credentials from the token while the command runs; env's keys never renew.
      const warning = `warning: the SSO token cache ${home.home}/.aws/sso/cache cannot be written here`;
      if (mode === "env") expect(result.stderr).not.toContain(warning);
      else expect(result.stderr).toContain(warning);
    });
  }

  it("a token due for its refresh: exit 2 naming the read-only sso/cache and the mount to use, not a login", async () => {
    // The access token has ended (hourly on AWS); the sign-in has not: only a refresh, which must be saved.
    await home.seedToken(emulator.issueToken({ expiresInMs: -60_000 }));
    const marker = join(home.root, "ran-read-only");
    const result = await runEntrypoint({
      prefix: readOnlyAwsPrefix(home.home),
      command: ["sh", "-c", `touch '${marker}'`],
      env: env(),
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${home.home}/.aws/sso/cache`);
    expect(result.stderr).toContain("-v ~/.aws/sso/cache:/home/ssoenv/.aws/sso/cache");
    expect(result.stderr).not.toContain("log in on the host");
    await expect(readFile(marker, "utf8")).rejects.toThrow();
  });
});
