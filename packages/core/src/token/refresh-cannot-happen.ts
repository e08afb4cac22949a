import { isSsoenvError } from "../errors.js";

/**
 * Why a refresh that failed is no reason to give up a token still valid, as the AWS SDK uses it until
 * it expires (token-providers' fromSso): "here" for a cache folder this process may not write (a
 * read-only ~/.aws), "now" for SSO OIDC unreachable, failing or throttling. Undefined for anything
 * else (a refused refresh token, a cancellation).
 */
export function refreshCannotHappen(error: unknown): "here" | "now" | undefined {
  if (isSsoenvError(error, "FILE_ACCESS_FAILED")) return "here";
  if (isSsoenvError(error, "ENDPOINT_UNREACHABLE")) return "now";
  return undefined;
}
