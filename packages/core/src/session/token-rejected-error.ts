/** Thrown (internally) when SSO no longer accepts the access token: refresh or log in. */
export class TokenRejectedError extends Error {
  override readonly name = "TokenRejectedError";
}
