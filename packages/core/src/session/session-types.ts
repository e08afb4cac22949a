/** Temporary AWS credentials of a role (from SSO GetRoleCredentials, or STS AssumeRole for a role chain). */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** A checked, usable session: what `ensureSession` returns. */
export interface Session {
  /** The profile asked for (for a role chain, the last hop's, not the SSO profile at its root). */
  profile: string;
  /** `region` of the profile, if it has one. */
  region?: string;
  /** Account of the credentials: the SSO profile's, or the last role's of a role chain. */
  accountId: string;
  /** The permission set, or the IAM role name (without path) a role chain ends with. */
  roleName: string;
  /** From STS GetCallerIdentity, made with `credentials`. */
  identity: { account: string; arn: string; userId: string };
  credentials: Credentials;
  /**
   * When the sign-in ends and a login is needed again (IAM Identity Center's session duration, 8 h by
   * default): the token's expiry when it cannot be refreshed, else estimated from ssoenv's record of
   * the login and the session duration. Absent when unknown (a refreshable session that ssoenv did not
   * log in, or one that outlived the estimate: `outlived`). The access token's own hour is an
   * internal detail and is not returned.
   */
  sessionEndsAt?: Date;
  /** The sign-in ssoenv recorded still works past the end it estimated (then `sessionEndsAt` is absent). */
  outlived?: OutlivedSignIn;
  /** When the role credentials expire (`credentials.expiration`): the permission set's session, 1 h by default. */
  credentialsExpireAt: Date;
}

/**
 * A sign-in ssoenv logged in that still works past the end it estimated (the login's time + the session
 * duration): IAM Identity Center's session duration is longer than the one ssoenv assumes, so the real
 * end is unknown. A token of the same client registration proves it is that sign-in, not another one.
 */
export interface OutlivedSignIn {
  signedInAt: Date;
  /** The session duration ssoenv assumed. */
  durationMs: number;
  /** Where to set the real one: `SSOENV_SESSION_DURATION` when it set the duration, else `ssoenv_session_duration in [sso-session NAME]`. */
  setting: string;
  /**
   * Present while the access token in use was issued before the estimated end (it expires within an
   * access token's lifetime of it): the sign-in may have ended there, this token working until then.
   * Absent once a token issued after that end proves the sign-in lasts longer.
   */
  lastTokenExpiresAt?: Date;
}

/**
 * How to log in: `aws-cli` runs `aws sso login`; `native` runs the OIDC flow built in (authorization
 * code with PKCE through the browser, or the device code when there is no browser here); `auto` picks
 * `aws-cli` when an AWS CLI v2 >= 2.22 (which does PKCE itself) is on PATH, else `native`.
 */
export type LoginMethod = "auto" | "aws-cli" | "native";

/** The OAuth grant a native login uses. */
export type LoginGrant = "pkce" | "device-code";

/** What the user must do to approve a device-code login: open the URL, enter or check the code. */
export interface DevicePrompt {
  kind: "device-code";
  verificationUri: string;
  /** The URL with the code filled in (AWS stopped sending it in 2026-09; never rely on it). */
  verificationUriComplete?: string;
  userCode: string;
  /** When the code stops working. */
  expiresAt: Date;
}

/** A PKCE login: the browser goes to `url`, signs in, and comes back to ssoenv's loopback callback. */
export interface BrowserPrompt {
  kind: "browser";
  /** The authorization URL (no secret: it holds only the PKCE challenge and the state). */
  url: string;
  /** Whether ssoenv opened a browser on it (else the user opens it). */
  opened: boolean;
  /** When ssoenv stops waiting for the callback. */
  expiresAt: Date;
}

/**
 * Asks for the code an MFA device shows now, for a role chain's profile with `mfa_serial`; resolves
 * to what was typed. ensureSession's default reads it on the terminal, as the AWS CLI does.
 */
export type MfaCodeReader = (request: {
  /** The profile whose role needs it. */
  profile: string;
  /** Its `mfa_serial`: the device to read the code from. */
  mfaSerial: string;
  signal?: AbortSignal | undefined;
}) => Promise<string>;

/** What a native login shows the user. */
export type LoginPrompt = DevicePrompt | BrowserPrompt;

/**
 * Progress of `ensureSession` / `login`, for spinners and logs. `message` is a short human-readable
 * sentence without any secret.
 */
export type SessionEvent =
  | { type: "checking"; profile: string; attempt: number; message: string }
  | { type: "token-refreshing"; profile: string; message: string }
  | {
      type: "token-refreshed";
      profile: string;
      /** The new access token's expiry (an hour on AWS): not the sign-in's end. */
      accessTokenExpiresAt: Date;
      message: string;
    }
  | { type: "login-required"; profile: string; reason: SessionProblem; message: string }
  | { type: "login-waiting-for-lock"; profile: string; lockPath: string; message: string }
  | { type: "login-reused"; profile: string; message: string }
  /** Before a login: the AWS CLIs on PATH not seen before are asked for their version (seconds, Python starting). */
  | { type: "finding-aws-cli"; profile: string; message: string }
  | {
      type: "login-started";
      profile: string;
      method: "aws-cli" | "native";
      grant?: LoginGrant;
      message: string;
    }
  | {
      type: "login-succeeded";
      profile: string;
      method: "aws-cli" | "native";
      /** When this sign-in ends (login time + session duration, or the token's expiry without a refresh token). */
      sessionEndsAt: Date;
      message: string;
    }
  | { type: "retrying"; operation: string; attempt: number; delayMs: number; message: string }
  | { type: "warning"; message: string }
  /** An MFA code is asked for on the terminal next: a spinner must leave the line to the prompt. */
  | { type: "mfa-code-asked"; profile: string; mfaSerial: string; message: string }
  /**
   * The MFA code asked for is in (or the reader gave up): the prompt has left the line. Prompts of
   * parallel profiles queue, so several may be asked before the first is answered.
   */
  | { type: "mfa-code-answered"; profile: string; message: string }
  /** The role credentials end before `minValidity`; a login would not lengthen them. */
  | { type: "credentials-short"; profile: string; expiration: Date; message: string };

/** Why there is no usable session. */
export type SessionProblem = "missing" | "expired" | "unauthorized" | "too-short" | "cache-invalid";
