/** The AWS operations the emulator answers; used for fault injection and request statistics. */
export type OperationName =
  | "RegisterClient"
  | "StartDeviceAuthorization"
  | "CreateToken"
  | "GetRoleCredentials"
  | "ListAccounts"
  | "ListAccountRoles"
  | "Logout"
  | "GetCallerIdentity"
  | "Federation"
  | "AssumeRole";

/** An AWS account the emulated user is assigned to, with the permission sets (roles) they may use. */
export interface EmulatorAccount {
  /** 12-digit account id. */
  accountId: string;
  accountName: string;
  emailAddress?: string;
  /** Permission set names the user may assume in this account (GetRoleCredentials `role_name`). */
  roles: string[];
}

/**
 * An IAM role that STS AssumeRole may assume (role chaining from the SSO role credentials, or from
 * credentials an earlier AssumeRole issued). Any credentials the emulator issued may assume it; with
 * `externalId`, only a request carrying that external id (as a trust policy's `sts:ExternalId` condition).
 */
export interface EmulatorRole {
  /** `arn:aws:iam::<12 digits>:role/<path/>Name`. */
  arn: string;
  /** The external id the role's trust policy requires. @default none required */
  externalId?: string;
  /** The role's MaxSessionDuration (3600 to 43200). @default 3600 */
  maxSessionDurationSeconds?: number;
  /**
   * The role's trust policy requires MFA (`aws:MultiFactorAuthPresent`): AssumeRole must carry this
   * device's `SerialNumber` and the `TokenCode` it shows (six digits; the emulator's device always
   * shows this one). @default no MFA required
   */
  mfa?: { serialNumber: string; tokenCode: string };
}

/** Lifetimes of what the emulator issues, in milliseconds of the emulator clock. */
export interface EmulatorLifetimes {
  /** SSO access token (CreateToken `expiresIn`), renewed with the refresh token. @default 1 hour (as AWS) */
  accessTokenMs?: number;
  /**
   * The sign-in (IAM Identity Center "session duration"), counted from the login: refresh tokens work
   * until it ends, then only a new login helps. @default 8 hours (AWS's default; it allows 15 min to 90 days)
   */
  signInMs?: number;
  /**
   * The access token of a client registered without scopes (a legacy profile's login, or an
   * sso-session without `sso_registration_scopes`): AWS's "legacy non-refreshable configuration", a
   * fixed session with no refresh token, whatever `signInMs` says. @default 8 hours (as AWS)
   */
  legacyAccessTokenMs?: number;
  /** Role credentials from GetRoleCredentials. @default 1 hour */
  roleCredentialsMs?: number;
  /**
   * The session duration of a permission set (a role name, in every account), where it is not
   * `roleCredentialsMs`: what its GetRoleCredentials credentials last (AWS allows 1 to 12 hours).
   * @example { ReadOnly: 4 * 3_600_000 } @default none (every role lasts `roleCredentialsMs`)
   */
  permissionSetSessionMs?: Record<string, number>;
  /** Device code from StartDeviceAuthorization. @default 10 minutes */
  deviceCodeMs?: number;
  /** OIDC client registration (RegisterClient `clientSecretExpiresAt`). @default 90 days */
  clientRegistrationMs?: number;
}

/** Options of {@link startEmulator}. Every field is optional. */
export interface EmulatorOptions {
  /** TCP port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** Region the emulated Identity Center lives in. @default "us-east-1" */
  region?: string;
  /** The only start URL StartDeviceAuthorization accepts. @default "https://ssoenv-demo.awsapps.com/start" */
  startUrl?: string;
  /** User name shown in STS ARNs. @default "dev-user" */
  userName?: string;
  /**
   * Accounts and roles assigned to the user.
   * @default 111111111111 "dev" (AdministratorAccess, ReadOnly) and 222222222222 "stg" (ReadOnly)
   */
  accounts?: EmulatorAccount[];
  /**
   * "auto": a device (or PKCE) authorization is approved as soon as it is started;
   * "manual": it waits until `approve()` / `deny()` (or the control API, or the /device page).
   * @default "auto"
   */
  approval?: "auto" | "manual";
  /** Device-code polling `interval` returned by StartDeviceAuthorization, in seconds. @default 1 */
  pollIntervalSeconds?: number;
  /**
   * A refresh token stops working once used (strict rotation): CreateToken with it again answers
   * InvalidGrantException. AWS answers a new refresh token on every refresh (the AWS CLI and the JS
   * SDK store it in place of the old one) and documents neither way whether the old one still works;
   * this tests that a client copes if it does not. @default false (used ones work until the sign-in ends)
   */
  rotateRefreshTokens?: boolean;
  lifetimes?: EmulatorLifetimes;
  /**
   * Most items ListAccounts and ListAccountRoles return per page, whatever `maxResults` asks for (the
   * service may return fewer than asked; clients must follow `nextToken`). @default 100
   */
  pageSize?: number;
  /** IAM roles STS AssumeRole can assume. @default none */
  roles?: EmulatorRole[];
  /**
   * Regions where an account's administrator deactivated STS (IAM account settings), by account ID:
   * an AssumeRole signed for such a region, for a role of that account, answers 403
   * `RegionDisabledException`, as AWS does (the account whose credentials are asked for decides, not
   * the caller's). us-east-1 cannot be deactivated. @default none
   * @example { "222222222222": ["eu-west-1"] }
   */
  stsDeactivatedRegions?: Record<string, string[]>;
  /** Latency and request-rate limit of every emulated operation. @default none */
  traffic?: EmulatorTraffic;
  /** Initial emulator clock (epoch ms); the clock then runs with real time. @default Date.now() */
  now?: number;
  /**
   * How far AWS's wall clock is from this machine's, as every response's HTTP `Date` header shows it
   * (what `ssoenv doctor` compares against). Separate from `now`, which only moves expiries.
   * @default 0
   */
  dateSkewMs?: number;
  /**
   * How long a connection may sit idle after an answer before the emulator closes it (Node's
   * http server closes it after 5 s; an endpoint that keeps it longer shows whether a client waits
   * for the server to hang up before it exits). @default 5_000
   */
  keepAliveMs?: number;
}

/** A logged-in SSO session minted by `issueToken()`: everything an SSO token cache file holds. */
export interface IssuedToken {
  accessToken: string;
  expiresAt: Date;
  refreshToken: string;
  clientId: string;
  clientSecret: string;
  registrationExpiresAt: Date;
}

/** A fault to inject; see `Emulator.faults`. */
export interface EmulatorFault {
  /** Operation to disturb, or "*" for all of them. */
  operation: OperationName | "*";
  /**
   * "throttle": the service's throttling error (SSO 429 TooManyRequestsException, SSO OIDC 400
   *   SlowDownException `slow_down`, STS 400 Throttling);
   * "server-error": 500 (InternalServerException / InternalFailure); "latency": answer after `latencyMs`;
   * "drop": close the connection without a response.
   */
  kind: "throttle" | "server-error" | "latency" | "drop";
  /** How many requests it hits. @default Infinity */
  times?: number;
  /** Delay for kind "latency". @default 1000 */
  latencyMs?: number;
}

/**
 * The service's capacity. Every emulated operation (not the control API) waits `latencyMs` before it
 * answers; past `requestsPerSecond` (a token bucket holding `burst`) requests are throttled: SSO answers
 * 429 `TooManyRequestsException`, SSO OIDC 400 `SlowDownException`, STS 400 `Throttling`.
 */
export interface EmulatorTraffic {
  /** Fixed delay before each answer, throttled ones included. @default 0 */
  latencyMs?: number;
  /** Sustained request rate allowed. @default unlimited */
  requestsPerSecond?: number;
  /** Requests allowed at once after a quiet spell. @default requestsPerSecond */
  burst?: number;
}

/** A device or PKCE authorization waiting for approval. */
export interface PendingAuthorization {
  userCode: string;
  clientId: string;
  expiresAt: Date;
}

/** A browser signed in to the console through the federation endpoint (`Action=login`). */
export interface ConsoleSignIn {
  accountId: string;
  roleName: string;
  /** Where the browser was sent (`Destination`). */
  destination: string;
  /** `Issuer`, when given. */
  issuer?: string;
  at: Date;
}

/** Request counts, by operation. */
export interface EmulatorStats {
  total: number;
  /** Requests the rate limit (`traffic.requestsPerSecond`) throttled; also counted in `total`. */
  throttled: number;
  /**
   * Device-code polls (CreateToken) answered SlowDownException because they came sooner than the
   * interval, as AWS answers a client that polls too fast; also counted in `total`.
   */
  slowDowns: number;
  byOperation: Partial<Record<OperationName, number>>;
}

/** The emulator clock. Every expiry check uses it. */
export interface EmulatorClock {
  /** Current emulator time (epoch ms). */
  now(): number;
  /** Move the clock forward by `ms`. */
  advance(ms: number): void;
  /** Set the clock to `epochMs` (it keeps running from there). */
  set(epochMs: number): void;
}

/** A running emulator, returned by {@link startEmulator}. */
export interface Emulator {
  /** Base URL, e.g. "http://127.0.0.1:PORT". */
  readonly url: string;
  readonly region: string;
  readonly startUrl: string;
  /**
   * `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL_STS` and
   * `AWS_ENDPOINT_URL_SIGNIN` (the console federation endpoint, `<url>/federation`), each set to `url`.
   */
  sdkEnv(): Record<string, string>;
  /**
   * Writes endpoint rule-set overrides for AWS CLI v2 (`<dir>/sso/2019-06-10/endpoint-rule-set-1.json`,
   * same for `sso-oidc`) that send SSO and SSO OIDC calls here. Returns `dir`, the value for `AWS_DATA_PATH`.
   */
  writeAwsCliDataPath(dir: string): Promise<string>;
  /** Authorizations waiting for approval (manual mode). */
  pendingAuthorizations(): PendingAuthorization[];
  /**
   * Resolves with the oldest pending authorization, or else the next one started (device or PKCE; in auto
   * mode it is already approved when this resolves). Rejects after `timeoutMs` (default 15000).
   */
  waitForAuthorization(options?: { timeoutMs?: number }): Promise<{ userCode: string }>;
  /** Approves a pending authorization. Throws when the user code is unknown or past its time. */
  approve(userCode: string): void;
  /** Denies a pending authorization (CreateToken then fails with AccessDeniedException). Throws when unknown or expired. */
  deny(userCode: string): void;
  /** Mints a logged-in SSO session without a login flow, to seed a token cache. */
  issueToken(options?: { expiresInMs?: number }): IssuedToken;
  /**
   * Replaces the accounts and roles assigned to the user, as an administrator granting or removing
   * access does; the next ListAccounts sees them.
   */
  setAccounts(accounts: EmulatorAccount[]): void;
  /** Replaces the IAM roles STS AssumeRole can assume (see {@link EmulatorRole}). */
  setRoles(roles: EmulatorRole[]): void;
  /** Replaces the latency and rate limit (fields left out: no latency, no limit). */
  setTraffic(traffic: EmulatorTraffic): void;
  /** Console sign-ins through the federation endpoint, oldest first. */
  consoleSignIns(): ConsoleSignIn[];
  /** Every access and refresh token becomes invalid, as a logout everywhere. */
  revokeTokens(): void;
  clock: EmulatorClock;
  /**
   * `add` a fault; `hold(operation)` the next request for it until `release()` (`arrived` resolves when
   * it comes in); `clear()` removes every fault and releases every held request.
   */
  faults: {
    add(fault: EmulatorFault): void;
    hold(operation: OperationName | "*"): { arrived: Promise<void>; release(): void };
    clear(): void;
  };
  stats(): EmulatorStats;
  resetStats(): void;
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
}
