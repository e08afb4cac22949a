/**
 * Test fixture: a running emulator, a temporary HOME with a real ~/.aws/config, and the `env` that
 * points ssoenv (and the SDK) at both. Tests pass `env` explicitly; nothing touches the real HOME.
 */
import { writeFile } from "node:fs/promises";
import { type Emulator, type EmulatorOptions, startEmulator } from "@ssoenv/emulator";
import type { SsoProfile } from "../config/load-sso-profile.js";
import { type SsoToken, writeSsoToken } from "../token/sso-token-cache.js";
import { createAwsHome } from "./create-aws-home.js";

export interface SsoFixture {
  emulator: Emulator;
  home: string;
  env: NodeJS.ProcessEnv;
  configPath: string;
  /** Replaces ~/.aws/config. */
  writeConfig(text: string): Promise<void>;
  /** Logs in without a flow (emulator.issueToken) and writes the token cache for `profile`. */
  seedToken(
    profile: Pick<SsoProfile, "ssoSession" | "startUrl">,
    options?: { expiresInMs?: number; legacy?: boolean },
  ): Promise<SsoToken>;
  cleanup(): Promise<void>;
}

/** The standard config: sso-session "corp" with dev/stg profiles, and a legacy profile. */
export function standardConfig(emulator: Pick<Emulator, "startUrl" | "region">): string {
  return `[default]
region = eu-west-1

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = AdministratorAccess
region = eu-west-1

[profile stg]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile nope]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = AdministratorAccess

[profile legacy]
sso_start_url = ${emulator.startUrl}
sso_region = ${emulator.region}
sso_account_id = 111111111111
sso_role_name = ReadOnly

[sso-session corp]
sso_start_url = ${emulator.startUrl}
sso_region = ${emulator.region}
sso_registration_scopes = sso:account:access
`;
}

export const CORP: Pick<SsoProfile, "ssoSession" | "startUrl"> & { ssoSession: string } = {
  ssoSession: "corp",
  startUrl: "",
};

export async function createSsoFixture(
  options: { emulator?: EmulatorOptions; config?: string } = {},
): Promise<SsoFixture> {
  const emulator = await startEmulator(options.emulator ?? {});
  const { home, configPath, remove } = await createAwsHome({
    config: options.config ?? standardConfig(emulator),
    prefix: "ssoenv-core-",
  });
  const writeConfig = (text: string) => writeFile(configPath, text);
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    PATH: process.env.PATH,
    ...emulator.sdkEnv(),
    AWS_EC2_METADATA_DISABLED: "true",
  };
  return {
    emulator,
    home,
    env,
    configPath,
    writeConfig,
    async seedToken(profile, seedOptions = {}) {
      const issued = emulator.issueToken(
        seedOptions.expiresInMs === undefined ? {} : { expiresInMs: seedOptions.expiresInMs },
      );
      const token: SsoToken = {
        startUrl: emulator.startUrl,
        region: emulator.region,
        accessToken: issued.accessToken,
        expiresAt: issued.expiresAt,
        ...(seedOptions.legacy
          ? {}
          : {
              clientId: issued.clientId,
              clientSecret: issued.clientSecret,
              registrationExpiresAt: issued.registrationExpiresAt,
              refreshToken: issued.refreshToken,
            }),
      };
      await writeSsoToken({ profile: { ...profile, startUrl: emulator.startUrl }, env, token });
      return token;
    },
    async cleanup() {
      await emulator.stop().catch(() => {});
      await remove();
    },
  };
}
