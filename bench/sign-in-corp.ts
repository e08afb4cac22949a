import type { Emulator } from "../packages/emulator/src/index.js";

type Core = typeof import("../packages/core/src/index.js");

/**
 * Leaves `env`'s HOME signed in to the sso-session `corp` on the emulator, as `ssoenv login` would
 * (a fresh token in the SSO cache), so that a bench times ssoenv's own work and never a login.
 */
export async function signInCorp(core: Core, emulator: Emulator, env: NodeJS.ProcessEnv): Promise<void> {
  const issued = emulator.issueToken();
  await core.writeSsoToken({
    profile: { ssoSession: "corp", startUrl: emulator.startUrl },
    env,
    token: { ...issued, startUrl: emulator.startUrl, region: emulator.region },
  });
}
