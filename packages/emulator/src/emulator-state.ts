import { createHash } from "node:crypto";
import {
  randomAccessKeyId,
  randomClientSecret,
  randomOidcToken,
  randomSecretAccessKey,
  randomSessionToken,
  randomToken,
  randomUserCode,
  stableBase32,
  stableHex,
} from "./random.js";
import { redirectUriMatches } from "./redirect-uri-matches.js";
import { oidcError, portalError, type ServiceError, stsError } from "./service-error.js";
import type {
  EmulatorAccount,
  EmulatorClock,
  EmulatorRole,
  IssuedToken,
  PendingAuthorization,
} from "./types.js";

const HOUR_MS = 3_600_000;
const AUTHORIZATION_CODE_GRANT = "authorization_code";
const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const DAY_MS = 24 * HOUR_MS;
/** Authorization codes of the PKCE flow live this long (AWS uses a few minutes). */
const AUTH_CODE_MS = 5 * 60_000;
/** What each slow_down adds to the device code's polling interval (RFC 8628 §3.5). */
const SLOW_DOWN_MS = 5_000;
/** Grace for clients whose sleep wakes a little early before we answer SlowDownException. */
const POLL_SLACK_MS = 150;

/** Settings the state needs, with every default resolved. */
export interface ResolvedSettings {
  region: string;
  startUrl: string;
  userName: string;
  accounts: EmulatorAccount[];
  /** Roles STS AssumeRole can assume. */
  roles: EmulatorRole[];
  /** Regions where STS is deactivated, by account ID. */
  stsDeactivatedRegions: Record<string, string[]>;
  /** Most items per ListAccounts / ListAccountRoles page. */
  pageSize: number;
  approval: "auto" | "manual";
  pollIntervalSeconds: number;
  /** A used refresh token stops working (strict rotation). */
  rotateRefreshTokens: boolean;
  /** How far AWS's wall clock (Date headers, SigV4 time checks) is from this machine's. */
  dateSkewMs: number;
  accessTokenMs: number;
  signInMs: number;
  legacyAccessTokenMs: number;
  roleCredentialsMs: number;
  /** Session duration per permission set (role name), where it differs from roleCredentialsMs. */
  permissionSetSessionMs: Record<string, number>;
  deviceCodeMs: number;
  clientRegistrationMs: number;
}

export const DEFAULT_ACCOUNTS: EmulatorAccount[] = [
  {
    accountId: "111111111111",
    accountName: "dev",
    emailAddress: "aws-dev@example.com",
    roles: ["AdministratorAccess", "ReadOnly"],
  },
  { accountId: "222222222222", accountName: "stg", emailAddress: "aws-stg@example.com", roles: ["ReadOnly"] },
];

export const DEFAULT_LIFETIMES = {
  // AWS's shape: 1 h access tokens, renewed by a refresh token within an 8 h sign-in.
  accessTokenMs: HOUR_MS,
  signInMs: 8 * HOUR_MS,
  // A client registered without scopes (legacy profiles; an sso-session without
  // sso_registration_scopes) gets AWS's "legacy non-refreshable" token: a fixed 8 h, no refresh token.
  legacyAccessTokenMs: 8 * HOUR_MS,
  roleCredentialsMs: HOUR_MS,
  permissionSetSessionMs: {} as Record<string, number>,
  deviceCodeMs: 10 * 60_000,
  clientRegistrationMs: 90 * DAY_MS,
};

interface ClientRecord {
  clientId: string;
  clientSecret: string;
  clientName: string;
  expiresAt: number;
  redirectUris: string[];
  /** Grant types the client registered; empty = registered without any (device code and refresh only). */
  grantTypes: string[];
  scopes: string[];
  issuerUrl?: string;
}

/** Grant types RegisterClient accepts for a public client. */
const GRANT_TYPES = new Set([AUTHORIZATION_CODE_GRANT, DEVICE_CODE_GRANT, "refresh_token"]);

/** A device-code or PKCE authorization, from start to approval and use. */
interface AuthorizationRecord {
  kind: "device" | "pkce";
  userCode: string;
  clientId: string;
  expiresAt: number;
  status: "pending" | "approved" | "denied" | "used";
  deviceCode?: string;
  /**
   * Device code: the opaque id its verificationUriComplete carries (as AWS's `request_uri`, which names
   * the request, not the user code: the person types the code there).
   */
  requestUri?: string;
  /** Device code: how often the client may poll; each slow_down adds 5 s (RFC 8628 §3.5). */
  intervalMs?: number;
  lastPollAt?: number;
  /** Whether the previous poll came sooner than `interval` after the one before. */
  earlyPoll?: boolean;
  /** PKCE: called once approved or denied, to answer the held /authorize request. */
  onDecision?: (approved: boolean) => void;
}

interface SessionRecord {
  refreshExpiresAt: number;
  revoked: boolean;
}

interface AccessTokenRecord {
  clientId: string;
  session: SessionRecord;
  expiresAt: number;
}

interface RefreshTokenRecord {
  clientId: string;
  session: SessionRecord;
}

interface AuthCodeRecord {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  used: boolean;
}

/**
 * Role credentials issued by GetRoleCredentials (a permission set's role) or AssumeRole; STS checks
 * signatures against them.
 */
export interface RoleCredentialRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  accountId: string;
  roleName: string;
  /** AssumeRole's RoleSessionName; absent for SSO role credentials (their session is the user's name). */
  sessionName?: string;
}

/** AWS's bounds for AssumeRole's DurationSeconds, and the cap for a session assumed from a role session. */
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 43_200;
const ROLE_CHAINING_MAX_SECONDS = 3600;
/** The scope the AWS CLI registers for an sso-session (`sso_registration_scopes`' usual value). */
const ACCOUNT_ACCESS_SCOPE = "sso:account:access";

interface Waiter {
  resolve: (auth: { userCode: string }) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface TokenGrant {
  accessToken: string;
  /** Absent for a client registered without scopes (AWS's legacy, non-refreshable token). */
  refreshToken?: string;
  expiresInSeconds: number;
  expiresAt: number;
}

/**
 * Everything the emulator knows: clients, authorizations, sessions, tokens and credentials.
 * Methods throw {@link ServiceError}s; the protocol handlers render them.
 */
export class EmulatorState {
  readonly settings: ResolvedSettings;
  readonly clock: EmulatorClock;
  private readonly clients = new Map<string, ClientRecord>();
  private readonly authorizations = new Map<string, AuthorizationRecord>(); // by user code
  private readonly deviceCodes = new Map<string, AuthorizationRecord>();
  private readonly requestUris = new Map<string, AuthorizationRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly authCodes = new Map<string, AuthCodeRecord>();
  private readonly credentials = new Map<string, RoleCredentialRecord>();
  private readonly sessions = new Set<SessionRecord>();
  private waiters: Waiter[] = [];

  constructor(settings: ResolvedSettings, clock: EmulatorClock) {
    this.settings = settings;
    this.clock = clock;
  }

  // --- OIDC clients -------------------------------------------------------------------------

  registerClient(input: {
    clientName?: unknown;
    clientType?: unknown;
    redirectUris?: unknown;
    grantTypes?: unknown;
    scopes?: unknown;
    issuerUrl?: unknown;
  }): ClientRecord {
    if (typeof input.clientName !== "string" || input.clientName === "") {
      throw oidcError("InvalidRequestException", "clientName is required");
    }
    if (input.clientType !== "public") {
      throw oidcError("InvalidClientMetadataException", "clientType must be 'public'");
    }
    const redirectUris = stringList(input.redirectUris);
    const grantTypes = stringList(input.grantTypes);
    const unknown = grantTypes.find((grant) => !GRANT_TYPES.has(grant));
    if (unknown !== undefined) {
      throw oidcError("InvalidClientMetadataException", `Unsupported grant type ${unknown}`);
    }
    // The authorization code grant needs somewhere to send the code, and only it uses redirect URIs.
    const codeGrant = grantTypes.includes(AUTHORIZATION_CODE_GRANT);
    // AWS refuses one client for both browser grants (InvalidScopeException since 2026, aws-sso-cli#1359;
    // a 500 before, sorah/mairu#18): the AWS CLI registers a client per grant.
    if (codeGrant && grantTypes.includes(DEVICE_CODE_GRANT)) {
      throw oidcError(
        "InvalidScopeException",
        "authorization_code and the device code grant cannot be registered together",
      );
    }
    if (codeGrant && redirectUris.length === 0) {
      throw oidcError("InvalidClientMetadataException", "redirectUris is required for authorization_code");
    }
    if (!codeGrant && redirectUris.length > 0) {
      throw oidcError("InvalidClientMetadataException", "redirectUris requires the authorization_code grant");
    }
    if (codeGrant && typeof input.issuerUrl !== "string") {
      throw oidcError("InvalidRequestException", "issuerUrl is required for authorization_code");
    }
    for (const uri of redirectUris) {
      if (!/^http:\/\/(127\.0\.0\.1|\[::1\])(:\d+)?\//.test(uri)) {
        throw oidcError("InvalidRedirectUriException", "redirect URIs must be http loopback URIs");
      }
    }
    const client: ClientRecord = {
      clientId: randomToken(16),
      clientSecret: randomClientSecret(),
      clientName: input.clientName,
      expiresAt: this.clock.now() + this.settings.clientRegistrationMs,
      redirectUris,
      grantTypes,
      scopes: stringList(input.scopes),
      ...(typeof input.issuerUrl === "string" ? { issuerUrl: input.issuerUrl } : {}),
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  /** The client, if its id and secret match and the registration has not expired. */
  authenticateClient(clientId: unknown, clientSecret: unknown): ClientRecord {
    const client = typeof clientId === "string" ? this.clients.get(clientId) : undefined;
    if (!client || client.clientSecret !== clientSecret) {
      throw oidcError("InvalidClientException", "Invalid client id or secret");
    }
    if (this.clock.now() >= client.expiresAt) {
      throw oidcError("InvalidClientException", "Client registration has expired");
    }
    return client;
  }

  // --- device authorization -----------------------------------------------------------------

  startDeviceAuthorization(input: { clientId?: unknown; clientSecret?: unknown; startUrl?: unknown }): {
    deviceCode: string;
    userCode: string;
    requestUri: string;
    expiresInSeconds: number;
  } {
    const client = this.authenticateClient(input.clientId, input.clientSecret);
    requireGrant(client, DEVICE_CODE_GRANT);
    if (typeof input.startUrl !== "string" || !sameStartUrl(input.startUrl, this.settings.startUrl)) {
      throw oidcError("InvalidRequestException", "Invalid start url");
    }
    const auth = this.addAuthorization({ kind: "device", clientId: client.clientId });
    auth.deviceCode = randomToken(48);
    auth.requestUri = randomToken(24);
    auth.intervalMs = this.settings.pollIntervalSeconds * 1000;
    this.deviceCodes.set(auth.deviceCode, auth);
    this.requestUris.set(auth.requestUri, auth);
    return {
      deviceCode: auth.deviceCode,
      userCode: auth.userCode,
      requestUri: auth.requestUri,
      expiresInSeconds: Math.round(this.settings.deviceCodeMs / 1000),
    };
  }

  /** CreateToken with grant type device_code. */
  redeemDeviceCode(input: { clientId?: unknown; clientSecret?: unknown; deviceCode?: unknown }): TokenGrant {
    const client = this.authenticateClient(input.clientId, input.clientSecret);
    const auth = typeof input.deviceCode === "string" ? this.deviceCodes.get(input.deviceCode) : undefined;
    if (!auth || auth.clientId !== client.clientId || auth.status === "used") {
      throw oidcError("InvalidGrantException", "Invalid device code provided");
    }
    const now = this.clock.now();
    if (now >= auth.expiresAt) {
      this.authorizations.delete(auth.userCode);
      throw oidcError("ExpiredTokenException", "Device code has expired");
    }
    if (auth.status === "denied") {
      throw oidcError("AccessDeniedException", "The user denied the authorization request");
    }
    if (auth.status === "pending") {
      const last = auth.lastPollAt;
      auth.lastPollAt = now;
      const intervalMs = auth.intervalMs ?? 0;
      const early = last !== undefined && now - last < intervalMs - POLL_SLACK_MS;
      // one early poll is tolerated: AWS CLI v2 polls twice back to back before it starts sleeping
      const tooFast = early && auth.earlyPoll === true;
      auth.earlyPoll = early;
      if (tooFast) {
        // RFC 8628 §3.5: the interval grows by 5 s "for this and all subsequent requests"
        auth.intervalMs = intervalMs + SLOW_DOWN_MS;
        throw oidcError("SlowDownException", "Client is polling too fast");
      }
      throw oidcError("AuthorizationPendingException", "Authorization is still pending");
    }
    auth.status = "used";
    this.authorizations.delete(auth.userCode);
    return this.grantTokens(client, this.newSession(client));
  }

  pendingAuthorizations(): PendingAuthorization[] {
    const now = this.clock.now();
    return [...this.authorizations.values()]
      .filter((a) => a.status === "pending" && a.expiresAt > now)
      .map((a) => ({ userCode: a.userCode, clientId: a.clientId, expiresAt: new Date(a.expiresAt) }));
  }

  waitForAuthorization(timeoutMs: number): Promise<{ userCode: string }> {
    const [first] = this.pendingAuthorizations();
    if (first) return Promise.resolve({ userCode: first.userCode });
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (auth) => {
          clearTimeout(waiter.timer);
          resolve(auth);
        },
        reject: (error) => {
          clearTimeout(waiter.timer);
          reject(error);
        },
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`waitForAuthorization: no authorization started within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Rejects whoever still waits for an authorization (the emulator is stopping). */
  close(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(new Error("waitForAuthorization: the emulator was stopped"));
  }

  /** Approve or deny a pending authorization. Throws on an unknown, expired or already decided user code. */
  decide(userCode: string, approved: boolean): void {
    const auth = this.authorizations.get(normalizeUserCode(userCode));
    if (auth?.status !== "pending") {
      throw new Error(`No pending authorization with user code ${JSON.stringify(userCode)}`);
    }
    // as the sign-in page does: a code past its time is refused (CreateToken says ExpiredTokenException)
    if (this.clock.now() >= auth.expiresAt) {
      throw new Error(`The authorization with user code ${JSON.stringify(userCode)} has expired`);
    }
    auth.status = approved ? "approved" : "denied";
    if (auth.kind === "pkce") this.authorizations.delete(auth.userCode);
    auth.onDecision?.(approved);
  }

  /** Whether a device code's `request_uri` names the authorization of this user code (the /device page). */
  requestMatches(requestUri: string, userCode: string): boolean {
    return this.requestUris.get(requestUri)?.userCode === normalizeUserCode(userCode);
  }

  /** The state of the device authorization a `request_uri` names (for the /device page). */
  requestStatus(requestUri: string): AuthorizationRecord["status"] | "unknown" | "expired" {
    const auth = this.requestUris.get(requestUri);
    if (!auth) return "unknown";
    if (auth.status === "pending" && this.clock.now() >= auth.expiresAt) return "expired";
    return auth.status;
  }

  /** Whether the user code names a known authorization and in which state (for the /device page). */
  authorizationStatus(userCode: string): AuthorizationRecord["status"] | "unknown" | "expired" {
    const auth = this.authorizations.get(normalizeUserCode(userCode));
    if (!auth) return "unknown";
    if (this.clock.now() >= auth.expiresAt) return "expired";
    return auth.status;
  }

  // --- authorization code with PKCE -----------------------------------------------------------

  /**
   * GET /authorize: validates the request and registers an authorization. `onDecision` is called when it
   * is approved (immediately in auto mode) or denied. Returns the user code.
   */
  startCodeAuthorization(input: {
    clientId: string | null;
    redirectUri: string | null;
    codeChallenge: string | null;
    codeChallengeMethod: string | null;
    responseType: string | null;
    scopes?: string | null;
    onDecision: (result: { code?: string; approved: boolean }) => void;
  }): string {
    const client = input.clientId ? this.clients.get(input.clientId) : undefined;
    if (!client || this.clock.now() >= client.expiresAt) {
      throw oidcError("InvalidClientException", "Unknown or expired client_id");
    }
    if (!client.grantTypes.includes(AUTHORIZATION_CODE_GRANT)) {
      throw oidcError("UnauthorizedClientException", "The client is not registered for authorization_code");
    }
    const redirectUri = input.redirectUri;
    if (
      !redirectUri ||
      !client.redirectUris.some((registered) => redirectUriMatches(registered, redirectUri))
    ) {
      throw oidcError("InvalidRequestException", "redirect_uri is not registered for this client");
    }
    const unknownScope = (input.scopes ?? "")
      .split(/[\s,]+/)
      .find((scope) => scope !== "" && !client.scopes.includes(scope));
    if (unknownScope !== undefined) {
      throw oidcError("InvalidScopeException", `Scope ${unknownScope} was not registered for this client`);
    }
    if (input.responseType !== "code") {
      throw oidcError("InvalidRequestException", "response_type must be 'code'");
    }
    if (!input.codeChallenge || input.codeChallengeMethod !== "S256") {
      throw oidcError(
        "InvalidRequestException",
        "code_challenge with code_challenge_method S256 is required",
      );
    }
    const codeChallenge = input.codeChallenge;
    const auth = this.addAuthorization({ kind: "pkce", clientId: client.clientId });
    auth.onDecision = (approved) => {
      if (!approved) return input.onDecision({ approved: false });
      const code = randomToken(32);
      this.authCodes.set(code, {
        clientId: client.clientId,
        redirectUri,
        codeChallenge,
        expiresAt: this.clock.now() + AUTH_CODE_MS,
        used: false,
      });
      input.onDecision({ code, approved: true });
    };
    if (this.settings.approval === "auto") this.decide(auth.userCode, true);
    return auth.userCode;
  }

  /** CreateToken with grant type authorization_code. */
  redeemAuthorizationCode(input: {
    clientId?: unknown;
    clientSecret?: unknown;
    code?: unknown;
    redirectUri?: unknown;
    codeVerifier?: unknown;
  }): TokenGrant {
    const client = this.authenticateClient(input.clientId, input.clientSecret);
    requireGrant(client, AUTHORIZATION_CODE_GRANT);
    const record = typeof input.code === "string" ? this.authCodes.get(input.code) : undefined;
    if (!record || record.used || record.clientId !== client.clientId) {
      throw oidcError("InvalidGrantException", "Invalid authorization code");
    }
    if (this.clock.now() >= record.expiresAt) {
      throw oidcError("InvalidGrantException", "Authorization code has expired");
    }
    if (input.redirectUri !== record.redirectUri) {
      throw oidcError("InvalidGrantException", "redirectUri does not match the authorization request");
    }
    const challenge =
      typeof input.codeVerifier === "string"
        ? createHash("sha256").update(input.codeVerifier).digest("base64url")
        : undefined;
    if (challenge !== record.codeChallenge) {
      throw oidcError("InvalidGrantException", "codeVerifier does not match the code challenge");
    }
    record.used = true;
    return this.grantTokens(client, this.newSession(client));
  }

  // --- tokens -------------------------------------------------------------------------------

  /**
   * CreateToken with grant type refresh_token: a new access and refresh token in the same session (the
   * used one keeps working unless `rotateRefreshTokens`).
   */
  redeemRefreshToken(input: {
    clientId?: unknown;
    clientSecret?: unknown;
    refreshToken?: unknown;
  }): TokenGrant {
    const client = this.authenticateClient(input.clientId, input.clientSecret);
    const record =
      typeof input.refreshToken === "string" ? this.refreshTokens.get(input.refreshToken) : undefined;
    if (!record || record.clientId !== client.clientId || !this.sessionAlive(record.session)) {
      throw oidcError("InvalidGrantException", "Invalid refresh token provided");
    }
    if (this.settings.rotateRefreshTokens) this.refreshTokens.delete(input.refreshToken as string);
    return this.grantTokens(client, record.session);
  }

  /** A session as after a login, with a fresh client registration. */
  issueToken(options: { expiresInMs?: number } = {}): IssuedToken {
    // registered as an sso-session login is (with scopes), so the token is refreshable
    const client = this.registerClient({
      clientName: "ssoenv-emulator-seed",
      clientType: "public",
      scopes: [ACCOUNT_ACCESS_SCOPE],
    });
    const grant = this.grantTokens(client, this.newSession(client), options.expiresInMs);
    return {
      accessToken: grant.accessToken,
      expiresAt: new Date(grant.expiresAt),
      refreshToken: grant.refreshToken as string,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      registrationExpiresAt: new Date(client.expiresAt),
    };
  }

  revokeTokens(): void {
    for (const session of this.sessions) session.revoked = true;
  }

  /** The access token's record, or UnauthorizedException (unknown, expired or logged out). */
  authenticateAccessToken(token: string | undefined): AccessTokenRecord {
    const record = token ? this.accessTokens.get(token) : undefined;
    if (!record || record.session.revoked || this.clock.now() >= record.expiresAt) {
      throw portalError("UnauthorizedException", "Session token not found or invalid");
    }
    return record;
  }

  /** Logout: ends the session of the token (all its access and refresh tokens). */
  logout(token: string | undefined): void {
    this.authenticateAccessToken(token).session.revoked = true;
  }

  // --- accounts and credentials --------------------------------------------------------------

  /** Replaces the accounts assigned to the user (an administrator granting or removing access). */
  setAccounts(accounts: EmulatorAccount[]): void {
    validateAccounts(accounts);
    this.settings.accounts = structuredClone(accounts);
  }

  getRoleCredentials(input: {
    token?: string;
    accountId: string | null;
    roleName: string | null;
  }): RoleCredentialRecord {
    this.authenticateAccessToken(input.token);
    if (!input.accountId || !input.roleName) {
      throw portalError("InvalidRequestException", "account_id and role_name are required");
    }
    const account = this.settings.accounts.find((a) => a.accountId === input.accountId);
    if (!account?.roles.includes(input.roleName)) {
      throw portalError("ForbiddenException", "No access");
    }
    const record: RoleCredentialRecord = {
      accessKeyId: randomAccessKeyId(),
      secretAccessKey: randomSecretAccessKey(),
      sessionToken: randomSessionToken(),
      expiresAt:
        this.clock.now() +
        (this.settings.permissionSetSessionMs[input.roleName] ?? this.settings.roleCredentialsMs),
      accountId: account.accountId,
      roleName: input.roleName,
    };
    this.credentials.set(record.accessKeyId, record);
    return record;
  }

  findCredentials(accessKeyId: string): RoleCredentialRecord | undefined {
    return this.credentials.get(accessKeyId);
  }

  /** Replaces the roles AssumeRole can assume. */
  setRoles(roles: EmulatorRole[]): void {
    validateRoles(roles);
    this.settings.roles = structuredClone(roles);
  }

  /**
   * STS AssumeRole by `caller` (credentials already authenticated). Every credential the emulator
   * issues is a role session, so this is always role chaining: AWS caps it at one hour.
   */
  assumeRole(
    caller: RoleCredentialRecord,
    input: {
      roleArn: string | null;
      roleSessionName: string | null;
      durationSeconds: string | null;
      externalId: string | null;
      serialNumber?: string | null;
      tokenCode?: string | null;
      /** The region the request was signed for (its SigV4 credential scope): the endpoint called. */
      region?: string;
    },
  ): RoleCredentialRecord {
    if (input.roleArn === null) throw validationError("null", "roleArn", "Member must not be null");
    if (input.roleArn.length < 20 || input.roleArn.length > 2048) {
      throw validationError(input.roleArn, "roleArn", "Member must have length greater than or equal to 20");
    }
    const sessionName = input.roleSessionName;
    if (sessionName === null) throw validationError("null", "roleSessionName", "Member must not be null");
    if (sessionName.length < 2 || sessionName.length > 64) {
      throw validationError(
        sessionName,
        "roleSessionName",
        "Member must have length less than or equal to 64 and greater than or equal to 2",
      );
    }
    if (!/^[\w+=,.@-]*$/.test(sessionName)) {
      throw validationError(
        sessionName,
        "roleSessionName",
        "Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      );
    }
    const durationSeconds = input.durationSeconds === null ? 3600 : Number(input.durationSeconds);
    if (!Number.isInteger(durationSeconds) || durationSeconds < MIN_DURATION_SECONDS) {
      throw validationError(
        String(input.durationSeconds),
        "durationSeconds",
        `Member must have value greater than or equal to ${MIN_DURATION_SECONDS}`,
      );
    }
    if (durationSeconds > MAX_DURATION_SECONDS) {
      throw validationError(
        String(durationSeconds),
        "durationSeconds",
        `Member must have value less than or equal to ${MAX_DURATION_SECONDS}`,
      );
    }
    const { serialNumber = null, tokenCode = null } = input;
    if (tokenCode !== null && !/^\d{6}$/.test(tokenCode)) {
      throw validationError(
        tokenCode,
        "tokenCode",
        "Member must satisfy regular expression pattern: [\\d]* and have length 6",
      );
    }
    // The role's account must have STS active in the region called, whoever the caller is.
    const roleAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(input.roleArn)?.[1];
    if (
      roleAccount &&
      input.region &&
      this.settings.stsDeactivatedRegions[roleAccount]?.includes(input.region)
    ) {
      throw stsError(
        "RegionDisabledException",
        403,
        `STS is not activated in this region for account:${roleAccount}. Your account administrator can activate STS in this region using the IAM Console.`,
      );
    }
    const role = this.settings.roles.find((r) => r.arn === input.roleArn);
    // The trust policy decides; AWS does not say whether the role is missing or the condition failed.
    if (
      !role ||
      (role.externalId !== undefined && role.externalId !== input.externalId) ||
      (role.mfa !== undefined && (serialNumber === null || tokenCode === null))
    ) {
      throw stsError(
        "AccessDenied",
        403,
        `User: ${this.identityOf(caller).arn} is not authorized to perform: sts:AssumeRole on resource: ${input.roleArn}`,
      );
    }
    // STS checks a code given against the device, whether or not the role needs MFA.
    if (serialNumber !== null && serialNumber !== role.mfa?.serialNumber) {
      throw stsError(
        "AccessDenied",
        403,
        "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.",
      );
    }
    if (serialNumber !== null && tokenCode !== role.mfa?.tokenCode) {
      throw stsError(
        "AccessDenied",
        403,
        "MultiFactorAuthentication failed with invalid MFA one time pass code. ",
      );
    }
    if (durationSeconds > ROLE_CHAINING_MAX_SECONDS) {
      throw stsError(
        "ValidationError",
        400,
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
      );
    }
    if (durationSeconds > (role.maxSessionDurationSeconds ?? 3600)) {
      throw stsError(
        "ValidationError",
        400,
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      );
    }
    const { accountId, roleName } = parseRoleArn(role.arn);
    const record: RoleCredentialRecord = {
      accessKeyId: randomAccessKeyId(),
      secretAccessKey: randomSecretAccessKey(),
      sessionToken: randomSessionToken(),
      expiresAt: this.clock.now() + durationSeconds * 1000,
      accountId,
      roleName,
      sessionName,
    };
    this.credentials.set(record.accessKeyId, record);
    return record;
  }

  /** The identity STS reports for role credentials. */
  identityOf(record: RoleCredentialRecord): { account: string; arn: string; userId: string } {
    if (record.sessionName !== undefined) {
      const roleId = `AROA${stableBase32(`${record.accountId}/${record.roleName}`, 17)}`;
      return {
        account: record.accountId,
        arn: `arn:aws:sts::${record.accountId}:assumed-role/${record.roleName}/${record.sessionName}`,
        userId: `${roleId}:${record.sessionName}`,
      };
    }
    const suffix = stableHex(`${record.accountId}/${record.roleName}`, 16);
    const roleId = `AROA${stableBase32(`${record.accountId}/${record.roleName}`, 17)}`;
    const user = this.settings.userName;
    return {
      account: record.accountId,
      arn: `arn:aws:sts::${record.accountId}:assumed-role/AWSReservedSSO_${record.roleName}_${suffix}/${user}`,
      userId: `${roleId}:${user}`,
    };
  }

  // --- internals ----------------------------------------------------------------------------

  private addAuthorization(input: { kind: "device" | "pkce"; clientId: string }): AuthorizationRecord {
    let userCode = randomUserCode();
    while (this.authorizations.has(userCode)) userCode = randomUserCode();
    const auth: AuthorizationRecord = {
      kind: input.kind,
      userCode,
      clientId: input.clientId,
      expiresAt: this.clock.now() + this.settings.deviceCodeMs,
      status: this.settings.approval === "auto" && input.kind === "device" ? "approved" : "pending",
    };
    this.authorizations.set(userCode, auth);
    // waiters hear of every new authorization, also auto-approved ones (a test may wait for "login started")
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.resolve({ userCode });
    return auth;
  }

  private newSession(client: ClientRecord): SessionRecord {
    // A legacy (scope-less) sign-in lasts as long as its one token, whatever the session duration.
    const lifetimeMs = isLegacyClient(client) ? this.settings.legacyAccessTokenMs : this.settings.signInMs;
    const session = { refreshExpiresAt: this.clock.now() + lifetimeMs, revoked: false };
    this.sessions.add(session);
    return session;
  }

  private sessionAlive(session: SessionRecord): boolean {
    return !session.revoked && this.clock.now() < session.refreshExpiresAt;
  }

  /**
   * An access token (and, for a client registered with scopes, a refresh token). AWS gives a client
   * registered without scopes a "legacy non-refreshable" token that lasts a fixed 8 hours.
   */
  private grantTokens(client: ClientRecord, session: SessionRecord, expiresInMs?: number): TokenGrant {
    const legacy = isLegacyClient(client);
    const lifetimeMs =
      expiresInMs ?? (legacy ? this.settings.legacyAccessTokenMs : this.settings.accessTokenMs);
    const { clientId } = client;
    const accessToken = randomOidcToken("aoa");
    const expiresAt = this.clock.now() + lifetimeMs;
    this.accessTokens.set(accessToken, { clientId, session, expiresAt });
    const grant = { accessToken, expiresInSeconds: Math.round(lifetimeMs / 1000), expiresAt };
    if (legacy) return grant;
    const refreshToken = randomOidcToken("aor");
    this.refreshTokens.set(refreshToken, { clientId, session });
    return { ...grant, refreshToken };
  }
}

/** Throws a TypeError naming the bad field (the control API turns it into a 400). */
export function validateAccounts(accounts: unknown): asserts accounts is EmulatorAccount[] {
  if (!Array.isArray(accounts)) throw new TypeError("accounts must be an array");
  const seen = new Set<string>();
  for (const [i, a] of accounts.entries()) {
    const account = a as Partial<EmulatorAccount> | null;
    if (!account || typeof account.accountId !== "string" || !/^\d{12}$/.test(account.accountId)) {
      throw new TypeError(`accounts[${i}].accountId must be a 12-digit string`);
    }
    if (seen.has(account.accountId)) throw new TypeError(`accounts[${i}].accountId is a duplicate`);
    seen.add(account.accountId);
    if (typeof account.accountName !== "string")
      throw new TypeError(`accounts[${i}].accountName must be a string`);
    if (!Array.isArray(account.roles) || !account.roles.every((r) => typeof r === "string" && r !== "")) {
      throw new TypeError(`accounts[${i}].roles must be an array of role names`);
    }
  }
}

/** Throws a TypeError naming the bad field (startEmulator refuses the options with it). */
export function validateStsDeactivatedRegions(value: unknown): asserts value is Record<string, string[]> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError('stsDeactivatedRegions must be { "<account id>": ["<region>", ...] }');
  }
  for (const [accountId, regions] of Object.entries(value)) {
    if (!/^\d{12}$/.test(accountId)) {
      throw new TypeError(`stsDeactivatedRegions: "${accountId}" is not a 12-digit account ID`);
    }
    if (!Array.isArray(regions) || !regions.every((r) => typeof r === "string" && /^[a-z0-9-]+$/.test(r))) {
      throw new TypeError(`stsDeactivatedRegions.${accountId} must be an array of region names`);
    }
    if (regions.includes("us-east-1")) {
      throw new TypeError(
        "stsDeactivatedRegions: STS cannot be deactivated in us-east-1 (AWS keeps it active)",
      );
    }
  }
}

/** Throws a TypeError naming the bad field (the control API turns it into a 400). */
export function validateRoles(roles: unknown): asserts roles is EmulatorRole[] {
  if (!Array.isArray(roles)) throw new TypeError("roles must be an array");
  for (const [i, r] of roles.entries()) {
    const role = r as Partial<EmulatorRole> | null;
    if (!role || typeof role.arn !== "string" || !ROLE_ARN.test(role.arn)) {
      throw new TypeError(`roles[${i}].arn must be an IAM role ARN (arn:aws:iam::123456789012:role/Name)`);
    }
    if (
      role.externalId !== undefined &&
      (typeof role.externalId !== "string" || role.externalId.length < 2)
    ) {
      throw new TypeError(`roles[${i}].externalId must be a string of 2 or more characters`);
    }
    if (
      role.mfa !== undefined &&
      (typeof role.mfa?.serialNumber !== "string" ||
        role.mfa.serialNumber.length < 9 ||
        typeof role.mfa.tokenCode !== "string" ||
        !/^\d{6}$/.test(role.mfa.tokenCode))
    ) {
      throw new TypeError(
        `roles[${i}].mfa must be { serialNumber: an MFA device ARN, tokenCode: six digits }`,
      );
    }
    const max = role.maxSessionDurationSeconds;
    if (max !== undefined && !(Number.isInteger(max) && max >= 3600 && max <= MAX_DURATION_SECONDS)) {
      throw new TypeError(`roles[${i}].maxSessionDurationSeconds must be a whole number from 3600 to 43200`);
    }
  }
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

/** Account and role name (without its path) of a role ARN already validated. */
function parseRoleArn(arn: string): { accountId: string; roleName: string } {
  const match = ROLE_ARN.exec(arn);
  return { accountId: match?.[1] ?? "", roleName: match?.[2] ?? "" };
}

/** STS's wording for a parameter that fails its model's constraint. */
function validationError(value: string, member: string, constraint: string): ServiceError {
  const shown = value === "null" ? "null" : `'${value}'`;
  return stsError(
    "ValidationError",
    400,
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

/** Start URLs compare without a trailing slash or "#" fragment (the portal accepts both forms). */
function sameStartUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.replace(/#.*$/, "").replace(/\/+$/, "");
  return norm(a) === norm(b);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * Which grants a client may use: authorization_code only if it registered it; the device code unless it
 * registered authorization_code (AWS lets a client registered without grants, with `refresh_token` only
 * or with the device code grant use it: aws-sso-cli#1360).
 */
function requireGrant(client: ClientRecord, grant: string): void {
  const allowed =
    grant === DEVICE_CODE_GRANT
      ? !client.grantTypes.includes(AUTHORIZATION_CODE_GRANT)
      : client.grantTypes.includes(grant);
  if (!allowed) throw oidcError("UnauthorizedClientException", `The client is not registered for ${grant}`);
}

function normalizeUserCode(userCode: string): string {
  const compact = userCode.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : userCode;
}

export type { ServiceError };

/** Registered without scopes: what AWS treats as the legacy, non-refreshable configuration. */
function isLegacyClient(client: ClientRecord): boolean {
  return client.scopes.length === 0;
}
