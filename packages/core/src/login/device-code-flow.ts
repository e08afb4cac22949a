import { setTimeout as sleep } from "node:timers/promises";
import { cleanServerText } from "../aws/clean-server-text.js";
import { sendAws } from "../aws/send-aws.js";
import { configFilePath } from "../config/aws-paths.js";
import { type LoginTarget, loginTarget } from "../config/login-target.js";
import { SsoenvError } from "../errors.js";
import { createLoginToken } from "./create-login-token.js";
import type { LoginFlow } from "./login-flow.js";

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code" as const;
/** RFC 8628: on slow_down, poll 5 s less often from then on. */
const SLOW_DOWN_MS = 5_000;
const DEFAULT_INTERVAL_S = 5;
/** CreateToken errors the polling loop handles. */
const DEVICE_GRANT_ERRORS = [
  "AuthorizationPendingException",
  "SlowDownException",
  "AccessDeniedException",
  "ExpiredTokenException",
];

/**
 * OAuth 2.0 device authorization grant (RFC 8628) against IAM Identity Center: shows a code and a
 * URL, then polls CreateToken until the user approves, denies, or the code expires.
 */
export const deviceCodeFlow: LoginFlow = {
  name: "device-code",
  async run(context) {
    const { profile, registration, signal } = context;
    const target = loginTarget(profile);
    const authorization = await sendAws(context, {
      service: "sso-oidc",
      operation: "SSO OIDC StartDeviceAuthorization",
      command: (oidc) =>
        new oidc.StartDeviceAuthorizationCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          startUrl: profile.startUrl,
        }),
    }).catch((error: unknown) => {
      // AWS's answer to a start URL its IAM Identity Center in this Region does not have: a bare 400
      // (99designs/aws-vault#948, #979). Only the config can fix it, not another login.
      if ((error as { name?: string })?.name === "InvalidRequestException") {
        throw startUrlRefused(profile, configFilePath(context.env), error);
      }
      throw error;
    });
    const { deviceCode } = authorization;
    // Shown on the terminal: server text, so cleaned of control characters.
    const userCode = authorization.userCode && cleanServerText(authorization.userCode, 64);
    const verificationUri =
      authorization.verificationUri && cleanServerText(authorization.verificationUri, 500);
    const verificationUriComplete =
      authorization.verificationUriComplete && cleanServerText(authorization.verificationUriComplete, 500);
    if (!deviceCode || !userCode || !verificationUri) {
      throw new SsoenvError(
        "LOGIN_FAILED",
        "SSO OIDC StartDeviceAuthorization returned an incomplete answer",
      );
    }
    const expiresAt = new Date(Date.now() + (authorization.expiresIn ?? 600) * 1000);
    context.prompt({
      kind: "device-code",
      verificationUri,
      ...(verificationUriComplete ? { verificationUriComplete } : {}),
      userCode,
      expiresAt,
    });

    let intervalMs = (authorization.interval || DEFAULT_INTERVAL_S) * 1000;
    for (;;) {
      if (Date.now() >= expiresAt.getTime()) throw timedOut(target);
      try {
        return await createLoginToken(context, { grantType: DEVICE_GRANT, deviceCode }, DEVICE_GRANT_ERRORS);
      } catch (error) {
        if (signal?.aborted) throw cancelled(target, signal.reason);
        const name = (error as { name?: string }).name ?? "";
        if (name === "AuthorizationPendingException") {
          // not approved yet
        } else if (name === "SlowDownException") {
          intervalMs += SLOW_DOWN_MS;
        } else if (name === "AccessDeniedException") {
          throw new SsoenvError("LOGIN_CANCELLED", `The login for ${target.what} was denied in the browser`, {
            hint: `approve the request when you run: ssoenv login ${target.flag}`,
            cause: error,
          });
        } else if (name === "ExpiredTokenException") {
          throw timedOut(target, error);
        } else {
          throw error;
        }
      }
      const remainingMs = expiresAt.getTime() - Date.now();
      if (remainingMs <= 0) throw timedOut(target);
      // The next poll would come when the code has ended: wait that out, then time out without one.
      // Checked now, not by the clock after the sleep: a timer may fire a millisecond before
      // Date.now() reaches the end, and that poll would be one more call to a throttling AWS.
      const lastWait = remainingMs <= intervalMs;
      try {
        await sleep(Math.min(intervalMs, remainingMs), undefined, signal ? { signal } : {});
      } catch (error) {
        throw cancelled(target, error);
      }
      if (lastWait) throw timedOut(target);
    }
  },
};

/** StartDeviceAuthorization refused the start URL: a config error naming the section that holds it. */
function startUrlRefused(
  profile: { ssoSession?: string | undefined; name: string; startUrl: string; ssoRegion: string },
  configPath: string,
  cause: unknown,
): SsoenvError {
  const { section } = loginTarget(profile);
  return new SsoenvError(
    "CONFIG_INVALID",
    `IAM Identity Center (${profile.ssoRegion}) refused the start URL ${profile.startUrl} of ${section} (SSO OIDC StartDeviceAuthorization: InvalidRequestException)`,
    {
      hint: `check sso_start_url and sso_region of ${section} in ${configPath}: the URL of your AWS access portal, and the Region of its IAM Identity Center`,
      cause,
    },
  );
}

function timedOut(target: LoginTarget, cause?: unknown): SsoenvError {
  return new SsoenvError(
    "LOGIN_TIMED_OUT",
    `The login code for ${target.what} expired before it was approved`,
    {
      hint: `run it again and approve within the time shown: ssoenv login ${target.flag}`,
      ...(cause === undefined ? {} : { cause }),
    },
  );
}

function cancelled(target: LoginTarget, cause: unknown): SsoenvError {
  return new SsoenvError("LOGIN_CANCELLED", `The login for ${target.what} was cancelled`, {
    hint: `ssoenv login ${target.flag}`,
    cause,
  });
}
