import type { SsoProfile } from "../config/load-sso-profile.js";
import type { DevicePrompt, SessionEvent } from "../session/session-types.js";

/** An OIDC client registration (RegisterClient), reusable until it expires. */
export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  expiresAt: Date;
}

export interface LoginFlowContext {
  profile: SsoProfile;
  env: NodeJS.ProcessEnv;
  registration: ClientRegistration;
  /** Shows the user what to do (and opens the browser when it can). */
  prompt: (prompt: DevicePrompt) => void;
  onEvent?: ((event: SessionEvent) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** What a flow obtains: tokens, before they are written to the cache. */
export interface LoginFlowResult {
  accessToken: string;
  expiresInS: number;
  refreshToken?: string;
}

/**
 * One way to obtain an SSO token with OIDC. The native login runs a flow between client registration
 * and writing the cache, so a new grant (authorization code with PKCE and a loopback redirect) is a
 * new `LoginFlow`, nothing else changes.
 */
export interface LoginFlow {
  name: "device-code" | "pkce";
  run(context: LoginFlowContext): Promise<LoginFlowResult>;
}
