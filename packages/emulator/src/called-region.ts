import type { IncomingMessage } from "node:http";
import { oidcError, portalError, type ServiceError } from "./service-error.js";
import type { OperationName } from "./types.js";

/** The header the emulator's AWS CLI rule sets add, holding the region the CLI resolved (`{Region}`). */
export const REGION_HEADER = "x-ssoenv-emulator-region";

/** AWS's SSO OIDC and portal host names, IPv4-only and dual-stack, FIPS or not: the region is in them. */
const AWS_HOST =
  /^(?:oidc|portal\.sso)(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:amazonaws\.com(?:\.cn)?|api\.aws|api\.amazonwebservices\.com\.cn)$/;

/**
 * The region an SSO or SSO OIDC call was made to, where the request shows it. These calls are not
 * signed, so only the host name carries the region: the Host of a call that reaches the emulator
 * under AWS's own name (through a proxy), or the header the AWS CLI's rule-set override adds.
 * Undefined for an SDK given the emulator's URL (`AWS_ENDPOINT_URL_*`: one URL for every region).
 */
export function calledRegion(req: IncomingMessage): string | undefined {
  const header = req.headers[REGION_HEADER];
  if (typeof header === "string" && header !== "") return header;
  const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  return AWS_HOST.exec(host)?.[1];
}

/**
 * What another region's IAM Identity Center answers a call meant for this one: it registers clients
 * (a client is one of that region's service), but knows neither this instance's start URL (a bare
 * InvalidRequestException, as aws-cli#7129 shows), nor its clients, nor its tokens (the portal's
 * "Session token not found or invalid", aws-sdk-js-v3#6864).
 */
export function foreignRegionError(operation: OperationName): ServiceError | undefined {
  switch (operation) {
    case "RegisterClient":
      return undefined;
    case "StartDeviceAuthorization":
      return oidcError("InvalidRequestException", "");
    case "CreateToken":
      return oidcError("InvalidClientException", "Invalid client id or secret");
    case "GetRoleCredentials":
    case "ListAccounts":
    case "ListAccountRoles":
    case "Logout":
      return portalError("UnauthorizedException", "Session token not found or invalid");
    default:
      return undefined;
  }
}
