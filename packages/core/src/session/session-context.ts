import type { SsoProfile } from "../config/load-sso-profile.js";
import type { MfaCodeReader, SessionEvent } from "./session-types.js";

/**
 * What is threaded through a session check, from ensureSession down to each AWS call, the session
 * lock and a token refresh: the (resolved) profile, the environment every file and endpoint comes
 * from, the caller's cancel signal and its progress listener.
 */
export interface SessionContext {
  profile: SsoProfile;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: SessionEvent) => void) | undefined;
  /** Asks for the code of a role's MFA device (`mfa_serial`); none: no one to ask (MFA_CODE_REQUIRED). */
  mfaCode?: MfaCodeReader | undefined;
}
