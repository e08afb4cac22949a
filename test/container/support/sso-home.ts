import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The repository root (test/container/support -> ../../..). */
export const REPO_ROOT = resolve(import.meta.dirname, "../../..");
export const ENTRYPOINT = join(REPO_ROOT, "plugins/container/bin/ssoenv-entrypoint");
export const CLI_BIN = join(REPO_ROOT, "packages/cli/bin/ssoenv.cjs");

/** What the emulator gives a test: a start URL, its region and a minted session. */
export interface SsoSource {
  startUrl: string;
  region: string;
}

/** A minted SSO session, as `Emulator.issueToken()` returns it. */
export interface SeedToken {
  accessToken: string;
  expiresAt: Date;
  refreshToken?: string;
  clientId: string;
  clientSecret: string;
  registrationExpiresAt: Date;
}

/** A temporary HOME with a real ~/.aws/config, and a bin folder whose `ssoenv` runs the built CLI. */
export interface SsoHome {
  root: string;
  home: string;
  binDir: string;
  /** TMPDIR for the entrypoint (its process-mode folders), removed with the rest. */
  tmpDir: string;
  configPath: string;
  cachePath: string;
  /** Writes the SSO token cache file, as `ssoenv login` / `aws sso login` would. */
  seedToken(token: SeedToken): Promise<void>;
  remove(): Promise<void>;
}

export const SSO_SESSION = "corp";
export const PROFILE = "dev";
export const ACCOUNT_ID = "111111111111";

/**
 * Creates the temporary HOME: profile `dev` (sso-session `corp`, account 111111111111,
 * AdministratorAccess, us-east-1) and a `ssoenv` shim running `node packages/cli/bin/ssoenv.cjs`.
 */
export async function createSsoHome(source: SsoSource): Promise<SsoHome> {
  const root = await mkdtemp(join(tmpdir(), "ssoenv-container-"));
  const home = join(root, "home");
  const binDir = join(root, "bin");
  const tmpDir = join(root, "tmp");
  const configPath = join(home, ".aws", "config");
  const cacheDir = join(home, ".aws", "sso", "cache");
  const cachePath = join(cacheDir, `${createHash("sha1").update(SSO_SESSION).digest("hex")}.json`);
  await mkdir(cacheDir, { recursive: true });
  await mkdir(binDir, { recursive: true });
  await mkdir(tmpDir, { recursive: true });
  await writeFile(
    configPath,
    [
      `[profile ${PROFILE}]`,
      `sso_session = ${SSO_SESSION}`,
      `sso_account_id = ${ACCOUNT_ID}`,
      "sso_role_name = AdministratorAccess",
      "region = us-east-1",
      "",
      `[sso-session ${SSO_SESSION}]`,
      `sso_start_url = ${source.startUrl}`,
      `sso_region = ${source.region}`,
      "sso_registration_scopes = sso:account:access",
      "",
    ].join("\n"),
  );
  const shim = join(binDir, "ssoenv");
  await writeFile(shim, `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(CLI_BIN)} "$@"\n`);
  await chmod(shim, 0o755);
  return {
    root,
    home,
    binDir,
    tmpDir,
    configPath,
    cachePath,
    async seedToken(token) {
      const body = {
        startUrl: source.startUrl,
        region: source.region,
        accessToken: token.accessToken,
        expiresAt: token.expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
        clientId: token.clientId,
        clientSecret: token.clientSecret,
        registrationExpiresAt: token.registrationExpiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
        ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
      };
      await writeFile(cachePath, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    },
    async remove() {
      await rm(root, { recursive: true, force: true });
    },
  };
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
