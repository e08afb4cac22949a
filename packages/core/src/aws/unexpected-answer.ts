import { SsoenvError } from "../errors.js";
import { cleanServerText } from "./clean-server-text.js";

interface SdkError {
  name?: string;
  message?: string;
  /** SSO OIDC's text: its errors are OAuth's {error, error_description}, without `message`. */
  error_description?: unknown;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

/** True for an error the SDK built from an AWS error answer (it carries `$fault`), not a parse failure. */
export function isAwsErrorAnswer(error: unknown): boolean {
  const fault = (error as SdkError)?.$fault;
  return fault === "client" || fault === "server";
}

/** The HTTP status of the answer behind an SDK error, when there was one. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as SdkError;
  return e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
}

/**
 * One line for an answer ssoenv cannot use: not AWS's at all (a proxy's HTML 407, a captive portal, a
 * 200 that is not JSON), or an AWS error this call does not expect. Server text in it is cleaned
 * (no control characters, secrets redacted, short).
 */
export function unexpectedAnswer(options: {
  operation: string;
  endpoint: string;
  error: unknown;
}): SsoenvError {
  const { operation, endpoint, error } = options;
  const status = httpStatusOf(error);
  const at = `${operation} at ${endpoint} answered${status === undefined ? "" : ` HTTP ${status}`}`;
  if (isAwsErrorAnswer(error)) {
    const e = error as SdkError;
    // SSO OIDC sends no message, so the SDK's is "UnknownError": its error_description is the text.
    const text =
      typeof e.error_description === "string" && e.error_description ? e.error_description : e.message;
    const said = cleanServerText(`${e.name ?? "error"}${text ? `: ${text}` : ""}`);
    return new SsoenvError("AWS_ANSWER_UNEXPECTED", `${at} with an error ssoenv does not handle (${said})`, {
      hint: "check the profile's sso_region, sso_account_id and sso_role_name in ~/.aws/config and any AWS_ENDPOINT_URL_* variable; if they are right, report this line",
      cause: error,
    });
  }
  const type = (error as SdkError)?.$response?.headers?.["content-type"];
  const shown = type ? ` (${cleanServerText(type, 60)})` : "";
  return new SsoenvError("AWS_ANSWER_UNEXPECTED", `${at}${shown}, which is not an AWS answer`, {
    hint:
      status === 407
        ? "a proxy asks for credentials: check HTTPS_PROXY / NO_PROXY (AWS endpoints must be reachable without proxy authentication)"
        : "something other than AWS answered: check HTTPS_PROXY / NO_PROXY, a captive portal (sign in to the network), sso_region and any AWS_ENDPOINT_URL_* variable",
    cause: error,
  });
}
