/**
 * An AWS service error, independent of protocol: the handlers render it as restJson
 * (`x-amzn-errortype` + JSON body) or as awsQuery XML.
 */
export class ServiceError extends Error {
  /** AWS error type, e.g. "AuthorizationPendingException". */
  readonly type: string;
  readonly status: number;
  /** OAuth `error` field (SSO OIDC only), e.g. "authorization_pending". */
  readonly oauthError: string | undefined;

  constructor(options: { type: string; status: number; message: string; oauthError?: string }) {
    super(options.message);
    this.name = "ServiceError";
    this.type = options.type;
    this.status = options.status;
    this.oauthError = options.oauthError;
  }
}

/**
 * SSO OIDC errors: status and OAuth code as the service model declares them. The model has no
 * TooManyRequestsException: its rate limit is SlowDownException ("making the request too frequently").
 */
const OIDC_ERRORS = {
  AccessDeniedException: [400, "access_denied"],
  AuthorizationPendingException: [400, "authorization_pending"],
  ExpiredTokenException: [400, "expired_token"],
  InternalServerException: [500, "server_error"],
  InvalidClientException: [401, "invalid_client"],
  InvalidClientMetadataException: [400, "invalid_client_metadata"],
  InvalidGrantException: [400, "invalid_grant"],
  InvalidRedirectUriException: [400, "invalid_redirect_uri"],
  InvalidRequestException: [400, "invalid_request"],
  InvalidScopeException: [400, "invalid_scope"],
  SlowDownException: [400, "slow_down"],
  UnauthorizedClientException: [400, "unauthorized_client"],
  UnsupportedGrantTypeException: [400, "unsupported_grant_type"],
} as const;

export type OidcErrorType = keyof typeof OIDC_ERRORS;

/** An SSO OIDC error with the status and OAuth `error` code of its type. */
export function oidcError(type: OidcErrorType, message: string): ServiceError {
  const [status, oauthError] = OIDC_ERRORS[type];
  return new ServiceError({ type, status, message, oauthError });
}

/** SSO portal errors and their statuses. */
const PORTAL_ERRORS = {
  InvalidRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
  InternalServerException: 500,
} as const;

export type PortalErrorType = keyof typeof PORTAL_ERRORS;

/** An SSO portal (GetRoleCredentials, ListAccounts...) error. */
export function portalError(type: PortalErrorType, message: string): ServiceError {
  return new ServiceError({ type, status: PORTAL_ERRORS[type], message });
}

/** An STS error (awsQuery): the code is the type. */
export function stsError(code: string, status: number, message: string): ServiceError {
  return new ServiceError({ type: code, status, message });
}
