import { isSsoenvError } from "../errors.js";
import { localIsoSeconds } from "../text/local-iso-seconds.js";
import type { SsoToken } from "./sso-token-cache.js";

/**
 * The warning for a refresh of `token` that failed where that is no reason to give up the token while
 * it is still valid, as the AWS SDK uses it until it expires (token-providers' fromSso): a cache folder
 * this process may not write (a read-only ~/.aws: "here"), or SSO OIDC unreachable, failing or
 * throttling ("now"). Undefined for any other failure (a refused refresh token, a cancellation), which
 * the caller throws. `what` names whose token it is (`profile "dev"`, `sso-session "corp"`).
 */
export function keptTokenWarning(options: {
  error: unknown;
  what: string;
  token: SsoToken;
}): string | undefined {
  const { error } = options;
  const when = isSsoenvError(error, "FILE_ACCESS_FAILED")
    ? "here"
    : isSsoenvError(error, "ENDPOINT_UNREACHABLE")
      ? "now"
      : undefined;
  if (!when) return undefined;
  return `Cannot refresh the SSO access token of ${options.what} ${when} (${(error as Error).message}); using it until it expires at ${localIsoSeconds(options.token.expiresAt)}`;
}
