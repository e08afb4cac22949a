import { endpointFor, oidcClient } from "../aws/aws-clients.js";
import { callAws } from "../aws/call-aws.js";
import { cleanServerText } from "../aws/clean-server-text.js";
import { retryReporter } from "../aws/retry-reporter.js";
import type { SsoProfile } from "../config/load-sso-profile.js";
import { isSsoenvError, SsoenvError } from "../errors.js";
import type { DevicePrompt, SessionEvent } from "../session/session-types.js";
import { readSsoToken, type SsoToken, writeSsoToken } from "../token/sso-token-cache.js";
import { deviceCodeFlow } from "./device-code-flow.js";
import { hasDisplay, openBrowser } from "./display.js";
import type { ClientRegistration, LoginFlow } from "./login-flow.js";

/** Reuse a cached client registration only if it stays valid this long (a login takes minutes). */
const REGISTRATION_MARGIN_MS = 60 * 60_000;
/** What `aws configure sso` writes when sso_registration_scopes is not set. */
const DEFAULT_SCOPES = ["sso:account:access"];

export interface NativeLoginOptions {
  profile: SsoProfile;
  env: NodeJS.ProcessEnv;
  /** Open the browser (only when a display exists). */
  openBrowser: boolean;
  onPrompt?: ((prompt: DevicePrompt) => void) | undefined;
  onEvent?: ((event: SessionEvent) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** @default deviceCodeFlow */
  flow?: LoginFlow;
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
  let result: Awaited<ReturnType<LoginFlow["run"]>>;
  try {
    registration = await clientRegistration(options, previous);
    result = await flow.run({
      profile,
      env,
      registration,
      signal: options.signal,
      onEvent: options.onEvent,
      prompt: (prompt) => {
        (options.onPrompt ?? printPrompt)(prompt);
        if (options.openBrowser && hasDisplay(env)) {
          openBrowser(prompt.verificationUriComplete ?? prompt.verificationUri, env);
        }
      },
    });
  } catch (error) {
    if (options.signal?.aborted && !isSsoenvError(error, "LOGIN_CANCELLED")) {
      throw new SsoenvError("LOGIN_CANCELLED", `The login for profile "${profile.name}" was cancelled`, {
        hint: `ssoenv login --profile ${profile.name}`,
        cause: error,
      });
    }
    if (error instanceof SsoenvError) throw error;
    throw new SsoenvError("LOGIN_FAILED", `Login for profile "${profile.name}" failed: ${safeName(error)}`, {
      hint: `ssoenv login --profile ${profile.name}`,
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

async function clientRegistration(
  options: NativeLoginOptions,
  cached: SsoToken | undefined,
): Promise<ClientRegistration> {
  const { profile, env } = options;
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
  const scopes = profile.legacy ? undefined : (profile.registrationScopes ?? DEFAULT_SCOPES);
  const { RegisterClientCommand } = await import("@aws-sdk/client-sso-oidc");
  const client = await oidcClient(profile.ssoRegion, env);
  const answer = await callAws(
    {
      operation: "SSO OIDC RegisterClient",
      endpoint: endpointFor("sso-oidc", profile.ssoRegion, env),
      env,
      signal: options.signal,
      onRetry: retryReporter(options.onEvent),
    },
    (abortSignal) =>
      client.send(
        new RegisterClientCommand({
          clientName: `ssoenv-${process.pid}-${Date.now()}`,
          clientType: "public",
          ...(scopes ? { scopes } : {}),
        }),
        { abortSignal },
      ),
  ).catch((error: unknown) => {
    if (error instanceof SsoenvError) throw error;
    throw new SsoenvError("LOGIN_FAILED", `SSO OIDC RegisterClient failed: ${safeName(error)}`, {
      hint: `check sso_region and sso_start_url of profile "${profile.name}"`,
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
function printPrompt(prompt: DevicePrompt): void {
  process.stderr.write(
    `To sign in, open ${prompt.verificationUriComplete ?? prompt.verificationUri}\n` +
      `and confirm the code ${prompt.userCode} (valid until ${prompt.expiresAt.toLocaleTimeString()}).\n`,
  );
}

/** An error's name (AWS error names carry no secret; messages might echo input). */
function safeName(error: unknown): string {
  return cleanServerText((error as { name?: string })?.name ?? "unknown error", 80);
}
