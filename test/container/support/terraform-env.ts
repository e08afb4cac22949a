import type { Emulator } from "@ssoenv/emulator";
import { PROFILE, type SsoHome } from "./sso-home.js";

/**
 * The environment a terraform run through the entrypoint gets in these tests: the SSO home's PATH,
 * HOME and TMPDIR, the test profile, no telemetry, colour or instance metadata, and the SDK
 * endpoints at the emulator (the Go SDK in terraform honours them too: profile mode needs the SSO
 * one for GetRoleCredentials). `extra` comes last and wins.
 */
export function terraformEnv(
  { home, emulator }: { home: SsoHome; emulator: Emulator },
  extra: Record<string, string> = {},
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
    ...emulator.sdkEnv(),
    ...extra,
  };
}
