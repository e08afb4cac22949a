import type { ServerResponse } from "node:http";
import type { EmulatorState } from "./emulator-state.js";
import { send } from "./http-io.js";
import { ServiceError } from "./service-error.js";

/**
 * GET /authorize, the browser leg of the authorization_code + PKCE flow: once approved (at once in auto
 * mode, else when a test or the control API approves) it redirects to `redirect_uri?code=..&state=..`;
 * denied, to `redirect_uri?error=access_denied&state=..`. While manual approval is pending the response is
 * held open; `held` tracks it so `stop()` can close it.
 */
export function handleAuthorize(options: {
  state: EmulatorState;
  res: ServerResponse;
  query: URLSearchParams;
  held: Set<ServerResponse>;
}): void {
  const { state, res, query, held } = options;
  const redirectUri = query.get("redirect_uri");
  const oauthState = query.get("state");
  const redirect = (params: Record<string, string>) => {
    held.delete(res);
    if (res.writableEnded || res.destroyed || !redirectUri) return;
    const target = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
    if (oauthState !== null) target.searchParams.set("state", oauthState);
    res.writeHead(302, { location: target.toString(), "content-length": 0 });
    res.end();
  };
  try {
    held.add(res);
    state.startCodeAuthorization({
      clientId: query.get("client_id"),
      redirectUri,
      codeChallenge: query.get("code_challenge"),
      codeChallengeMethod: query.get("code_challenge_method"),
      responseType: query.get("response_type"),
      scopes: query.get("scopes"),
      onDecision: ({ code, approved }) =>
        redirect(approved && code ? { code } : { error: "access_denied", error_description: "denied" }),
    });
  } catch (error) {
    held.delete(res);
    if (!(error instanceof ServiceError)) throw error;
    // a browser shows this page; there is no redirect_uri we may trust yet
    send(res, 400, "text/plain; charset=utf-8", `Invalid authorization request: ${error.message}\n`);
  }
}
