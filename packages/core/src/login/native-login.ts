import { cleanServerText } from "../aws/clean-server-text.js";
import { sendAws } from "../aws/send-aws.js";
import { loginTarget } from "../config/login-target.js";
import { isSsoenvError, SsoenvError } from "../errors.js";
import type { SessionContext } from "../session/session-context.js";
import type { LoginPrompt } from "../session/session-types.js";
import { isRecordedClient, readSignInRecordWithLogin } from "../session/sign-in-record.js";
import { readSsoToken, type SsoToken, writeSsoToken } from "../token/sso-token-cache.js";
import { deviceCodeFlow } from "./device-code-flow.js";
import { openBrowser } from "./display.js";
import type { ClientRegistration, LoginFlow, LoginFlowResult } from "./login-flow.js";

/** Reuse a cached client registration only if it stays valid this long (a login takes minutes). */
const REGISTRATION_MARGIN_MS = 60 * 60_000;
/** What `aws configure sso` writes when sso_registration_scopes is not set. */
const DEFAULT_SCOPES = ["sso:account:access"];
/** How long a PKCE login waits for the browser by default. */
export const DEFAULT_BROWSER_TIMEOUT_MS = 5 * 60_000;

/** A session's context (profile, env, signal, events) and how to log in. */
export interface NativeLoginOptions extends SessionContext {
  /** Open the browser on the URL (the caller checked that one can be seen here). */
  openBrowser: boolean;
  onPrompt?: ((prompt: LoginPrompt) => void) | undefined;
  /** @default deviceCodeFlow */
  flow?: LoginFlow;
  /** How long a PKCE login waits for the browser. @default 5 minutes */
  timeoutMs?: number | undefined;
}

/**
 * Logs in with the OIDC flow built in and writes the token cache file the AWS CLI would write, so the
 * CLI and every SDK use the session too.
 *
 * @throws SsoenvError `LOGIN_CANCELLED` (denied, aborted), `LOGIN_TIMED_OUT` (code expired),
 *   `LOGIN_FAILED`, `ENDPOINT_UNREACHABLE`.
 */
export async function nativeLogin(options: NativeLoginOptions): Promise<SsoToken> {
  const { profile, env } = options;
  const previous = await readSsoToken({ profile, env }).catch(() => undefined);
  const flow = options.flow ?? deviceCodeFlow;
  let registration: ClientRegistration;
  let result: LoginFlowResult;
  try {
    const reused =
      flow.registration || !(await isOwnClient(options, previous))
        ? undefined
        : cachedRegistration(profile, previous);
    registration = reused ?? (await registerClient(options, flow));
    try {
      result = await runFlow(options, flow, registration);
    } catch (error) {
      // A cached client may have been registered for another grant (a PKCE login's): register anew.
      if (!reused || !isClientError(error)) throw error;
      registration = await registerClient(options, flow);
      result = await runFlow(options, flow, registration);
    }
  } catch (error) {
    const target = loginTarget(profile);
    if (options.signal?.aborted && !isSsoenvError(error, "LOGIN_CANCELLED")) {
      throw new SsoenvError("LOGIN_CANCELLED", `The login for ${target.what} was cancelled`, {
        hint: `ssoenv login ${target.flag}`,
        cause: error,
      });
    }
    if (error instanceof SsoenvError) throw error;
    throw new SsoenvError("LOGIN_FAILED", `Login for ${target.what} failed: ${safeName(error)}`, {
      hint: `ssoenv login ${target.flag}`,
      cause: error,
    });
  }
  const token: SsoToken = {
    startUrl: profile.startUrl,
    region: profile.ssoRegion,
    accessToken: result.accessToken,
    expiresAt: new Date(Date.now() + result.expiresInS * 1000),
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    registrationExpiresAt: registration.expiresAt,
    ...(result.refreshToken ? { refreshToken: result.refreshToken } : {}),
  };
  await writeSsoToken({ profile, env, token });
  return token;
}

function runFlow(
  options: NativeLoginOptions,
  flow: LoginFlow,
  registration: ClientRegistration,
): Promise<LoginFlowResult> {
  const { profile, env } = options;
  return flow.run({
    profile,
    env,
    registration,
    scopes: registrationScopes(profile),
    opensBrowser: options.openBrowser,
    timeoutMs: options.timeoutMs ?? DEFAULT_BROWSER_TIMEOUT_MS,
    signal: options.signal,
    onEvent: options.onEvent,
    prompt: (prompt) => {
      (options.onPrompt ?? printPrompt)(prompt);
      if (options.openBrowser) {
        openBrowser(
          prompt.kind === "browser" ? prompt.url : (prompt.verificationUriComplete ?? prompt.verificationUri),
          env,
        );
      }
    },
  });
}

/**
 * Whether the cached token's client is the one ssoenv's own last login registered, with the scopes
 * the profile asks for now. Not the AWS CLI's: `aws sso login` keeps using its client (botocore's
 * registration cache), and a sign-in is told from the one ssoenv recorded by its client (see
 * isRecordedClient), so ssoenv signs in with a client of its own. A token's scopes are its client's:
 * after sso_registration_scopes changed, a new client (as the AWS CLI, whose registration cache is
 * keyed on the scopes).
 */
async function isOwnClient(options: NativeLoginOptions, cached: SsoToken | undefined): Promise<boolean> {
  const record = await readSignInRecordWithLogin(options);
  return (
    record?.login?.method === "native" &&
    record.client !== undefined &&
    isRecordedClient(record, cached?.clientId) &&
    sameScopes(record.scopes, registrationScopes(options.profile) ?? [])
  );
}

function sameScopes(recorded: string[] | undefined, wanted: string[]): boolean {
  return recorded !== undefined && [...recorded].sort().join(" ") === [...wanted].sort().join(" ");
}

/** The cached token's client registration, if it is for this start URL and stays valid long enough. */
function cachedRegistration(
  profile: NativeLoginOptions["profile"],
  cached: SsoToken | undefined,
): ClientRegistration | undefined {
  if (
    cached?.clientId &&
    cached.clientSecret &&
    cached.registrationExpiresAt &&
    cached.startUrl === profile.startUrl &&
    cached.registrationExpiresAt.getTime() - Date.now() > REGISTRATION_MARGIN_MS
  ) {
    return {
      clientId: cached.clientId,
      clientSecret: cached.clientSecret,
      expiresAt: cached.registrationExpiresAt,
    };
  }
  return undefined;
}

/** The scopes a native login registers its client with (none for a legacy profile). */
export function registrationScopes(profile: NativeLoginOptions["profile"]): string[] | undefined {
  return profile.legacy ? undefined : (profile.registrationScopes ?? DEFAULT_SCOPES);
}

/** The service refused the client itself (unknown, expired, or not registered for this grant). */
function isClientError(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === "UnauthorizedClientException" || name === "InvalidClientException";
}

async function registerClient(options: NativeLoginOptions, flow: LoginFlow): Promise<ClientRegistration> {
  const { profile } = options;
  const scopes = registrationScopes(profile);
  const answer = await sendAws(options, {
    service: "sso-oidc",
    operation: "SSO OIDC RegisterClient",
    command: (oidc) =>
      new oidc.RegisterClientCommand({
        clientName: `ssoenv-${process.pid}-${Date.now()}`,
        clientType: "public",
        ...(scopes ? { scopes } : {}),
        ...flow.registration?.(profile),
      }),
  }).catch((error: unknown) => {
    if (error instanceof SsoenvError) throw error;
    throw new SsoenvError("LOGIN_FAILED", `SSO OIDC RegisterClient failed: ${safeName(error)}`, {
      hint: `check sso_region and sso_start_url of ${loginTarget(profile).section}`,
      cause: error,
    });
  });
  if (!answer.clientId || !answer.clientSecret) {
    throw new SsoenvError("LOGIN_FAILED", "SSO OIDC RegisterClient returned no client");
  }
  return {
    clientId: answer.clientId,
    clientSecret: answer.clientSecret,
    expiresAt: new Date((answer.clientSecretExpiresAt ?? Math.floor(Date.now() / 1000) + 7_776_000) * 1000),
  };
}

/** The default prompt: on stderr, so stdout stays clean for `eval "$(ssoenv env)"`. */
function printPrompt(prompt: LoginPrompt): void {
  process.stderr.write(formatLoginPrompt(prompt));
}

/**
 * What a person needs to sign in, as lines for a terminal. The device code always stands on its own
 * line next to the URL: since 2026-09 AWS's verification URL no longer carries it.
 */
export function formatLoginPrompt(prompt: LoginPrompt): string {
  if (prompt.kind === "browser") {
    return (
      `${prompt.opened ? "Sign in in the browser that opened; if none did, open" : "To sign in, open this URL in a browser on this machine"}:\n` +
      `  ${prompt.url}\n`
    );
  }
  return (
    `To sign in, open ${prompt.verificationUriComplete ?? prompt.verificationUri}\n` +
    `and enter this code (valid until ${prompt.expiresAt.toLocaleTimeString()}):\n` +
    `  ${prompt.userCode}\n`
  );
}

/** An error's name (AWS error names carry no secret; messages might echo input). */
function safeName(error: unknown): string {
  return cleanServerText((error as { name?: string })?.name ?? "unknown error", 80);
}
