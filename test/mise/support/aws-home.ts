import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Emulator } from "@ssoenv/emulator";

/** The sso-session every profile below uses. */
export const SSO_SESSION = "acme";

/** A profile of the temporary ~/.aws/config. */
export interface TestProfile {
  /** "default" writes `[default]`. */
  name: string;
  accountId: string;
  roleName: string;
}

/**
 * The profiles of examples/mise-project (dev, stg) on the emulator's default accounts, a `[default]`
 * profile for projects without ssoenv.toml, and `nope`: a role the emulated user is not assigned.
 */
export const TEST_PROFILES: readonly TestProfile[] = [
  { name: "default", accountId: "111111111111", roleName: "ReadOnly" },
  { name: "dev", accountId: "111111111111", roleName: "AdministratorAccess" },
  { name: "stg", accountId: "222222222222", roleName: "ReadOnly" },
  { name: "nope", accountId: "222222222222", roleName: "AdministratorAccess" },
];

/** Writes `<home>/.aws/config` with `[sso-session acme]` pointing at the emulator, and TEST_PROFILES. */
export async function writeAwsConfig(options: { home: string; emulator: Emulator }): Promise<string> {
  const { home, emulator } = options;
  const lines = [
    `[sso-session ${SSO_SESSION}]`,
    `sso_start_url = ${emulator.startUrl}`,
    `sso_region = ${emulator.region}`,
    "sso_registration_scopes = sso:account:access",
    "",
  ];
  for (const profile of TEST_PROFILES) {
    lines.push(
      profile.name === "default" ? "[default]" : `[profile ${profile.name}]`,
      `sso_session = ${SSO_SESSION}`,
      `sso_account_id = ${profile.accountId}`,
      `sso_role_name = ${profile.roleName}`,
      `region = ${emulator.region}`,
      "",
    );
  }
  const path = join(home, ".aws/config");
  await mkdir(join(home, ".aws"), { recursive: true });
  await writeFile(path, lines.join("\n"));
  return path;
}

/**
 * Seeds a logged-in SSO session: the token cache file AWS CLI v2 and the SDKs read
 * (`~/.aws/sso/cache/<sha1(sso-session name)>.json`), minted by the emulator.
 * `refreshable: false` writes only startUrl, region, accessToken and expiresAt, as a login without
 * a refresh token leaves it: then `expiresAt` is the end of the session.
 */
export async function seedSsoSession(options: {
  home: string;
  emulator: Emulator;
  expiresInMs?: number;
  /** @default true */
  refreshable?: boolean;
}): Promise<{ expiresAt: Date }> {
  const { home, emulator } = options;
  const token = emulator.issueToken(
    options.expiresInMs === undefined ? {} : { expiresInMs: options.expiresInMs },
  );
  const dir = join(home, ".aws/sso/cache");
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${createHash("sha1").update(SSO_SESSION).digest("hex")}.json`);
  const session = {
    startUrl: emulator.startUrl,
    region: emulator.region,
    accessToken: token.accessToken,
    expiresAt: token.expiresAt.toISOString(),
  };
  const refresh = {
    clientId: token.clientId,
    clientSecret: token.clientSecret,
    registrationExpiresAt: token.registrationExpiresAt.toISOString(),
    refreshToken: token.refreshToken,
  };
  const body = options.refreshable === false ? session : { ...session, ...refresh };
  await writeFile(file, JSON.stringify(body), { mode: 0o600 });
  return { expiresAt: token.expiresAt };
}
