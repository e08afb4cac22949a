import { createHash, randomBytes } from "node:crypto";
import { resolveEndpoint } from "../aws/aws-clients.js";
import { type LoginTarget, loginTarget } from "../config/login-target.js";
import { SsoenvError } from "../errors.js";
import { createLoginToken } from "./create-login-token.js";
import type { LoginFlow } from "./login-flow.js";
import { REGISTERED_REDIRECT_URI, startLoopbackCallback } from "./loopback-callback.js";

/**
 * OAuth 2.0 authorization code grant with PKCE (RFC 7636, S256) and a loopback redirect (RFC 8252),
 * as the AWS CLI signs in since 2.22: the browser signs in at `<oidc endpoint>/authorize` and comes
 * back to `http://127.0.0.1:<port>/oauth/callback`; the code is exchanged with the verifier.
 */
export const pkceFlow: LoginFlow = {
  name: "pkce",
  registration: (profile) => ({
    grantTypes: ["authorization_code", "refresh_token"],
    redirectUris: [REGISTERED_REDIRECT_URI],
    issuerUrl: profile.startUrl,
  }),
  async run(context) {
    const { profile, env, registration, signal } = context;
    const verifier = randomBytes(48).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const state = randomBytes(24).toString("base64url");
    const callback = await startLoopbackCallback({
      state,
      onIgnored: (why) =>
        context.onEvent?.({
          type: "warning",
          message: `A request to the login callback was ignored: ${why}`,
        }),
    });
    try {
      const oidcEndpoint = await resolveEndpoint("sso-oidc", profile, env);
      const url = new URL("authorize", oidcEndpoint.endsWith("/") ? oidcEndpoint : `${oidcEndpoint}/`);
      url.search = new URLSearchParams({
        response_type: "code",
        client_id: registration.clientId,
        redirect_uri: callback.redirectUri,
        state,
        code_challenge: challenge,
        code_challenge_method: "S256",
        ...(context.scopes?.length ? { scopes: context.scopes.join(" ") } : {}),
      }).toString();
      const expiresAt = new Date(Date.now() + context.timeoutMs);
      context.prompt({ kind: "browser", url: url.toString(), opened: context.opensBrowser, expiresAt });

      const answer = await waitFor(callback.result, {
        timeoutMs: context.timeoutMs,
        signal,
        target: loginTarget(profile),
      });
      if ("error" in answer) {
        const target = loginTarget(profile);
        throw new SsoenvError(
          "LOGIN_CANCELLED",
          `The login for ${target.what} was refused in the browser (${answer.error})`,
          { hint: `approve the request when you run: ssoenv login ${target.flag}` },
        );
      }
      // a refused code is the login's failure (LOGIN_FAILED naming it); other errors are one line
      return await createLoginToken(
        context,
        {
          grantType: "authorization_code",
          code: answer.code,
          codeVerifier: verifier,
          redirectUri: callback.redirectUri,
        },
        ["InvalidGrantException", "AccessDeniedException"],
      );
    } finally {
      await callback.close();
    }
  },
};

/** The callback's result, or LOGIN_TIMED_OUT / LOGIN_CANCELLED. */
function waitFor<T>(
  result: Promise<T>,
  options: { timeoutMs: number; signal?: AbortSignal | undefined; target: LoginTarget },
): Promise<T> {
  const { signal, target } = options;
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(
        new SsoenvError("LOGIN_CANCELLED", `The login for ${target.what} was cancelled`, {
          hint: `ssoenv login ${target.flag}`,
          cause: signal?.reason,
        }),
      );
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new SsoenvError(
          "LOGIN_TIMED_OUT",
          `No sign-in came back from the browser within ${Math.round(options.timeoutMs / 1000)} s for ${target.what}`,
          {
            hint: `run it again and finish the sign-in in the browser (or: ssoenv login ${target.flag} --use-device-code)`,
          },
        ),
      );
    }, options.timeoutMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    result.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}
