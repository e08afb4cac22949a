import type { SsoProfile } from "../config/load-sso-profile.js";
import type { SessionContext } from "../session/session-context.js";
import type { LoginGrant, LoginPrompt } from "../session/session-types.js";

/** An OIDC client registration (RegisterClient), reusable until it expires. */
export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  expiresAt: Date;
}

/** RegisterClient fields a grant needs beyond name, type and scopes. */
export interface RegistrationRequirements {
  grantTypes: string[];
  redirectUris: string[];
  issuerUrl: string;
}

/** A session's context (profile, env, signal, events) and what a flow needs beyond it. */
export interface LoginFlowContext extends SessionContext {
  registration: ClientRegistration;
  /** The sso-session's scopes (absent for legacy profiles). */
  scopes?: string[] | undefined;
  /** Whether `prompt` opens a browser on the URL it shows. */
  opensBrowser: boolean;
  /** Shows the user what to do (and opens the browser when `opensBrowser`). */
  prompt: (prompt: LoginPrompt) => void;
  /** How long to wait for the browser (PKCE); the device code's own expiry rules the device flow. */
  timeoutMs: number;
}

/** What a flow obtains: tokens, before they are written to the cache. */
export interface LoginFlowResult {
  accessToken: string;
  expiresInS: number;
  refreshToken?: string;
}

/**
 * One way to obtain an SSO token with OIDC. The native login runs a flow between client registration
 * and writing the cache: device code (RFC 8628) or authorization code with PKCE (RFC 7636) through a
 * loopback redirect.
 */
export interface LoginFlow {
  name: LoginGrant;
  /**
   * What the client must be registered with. A flow that needs more than a bare registration always
   * registers anew: the token cache does not say what its client was registered for.
   */
  registration?: (profile: SsoProfile) => RegistrationRequirements;
  run(context: LoginFlowContext): Promise<LoginFlowResult>;
}
