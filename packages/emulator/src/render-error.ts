import type { ServerResponse } from "node:http";
import { escapeXml, send, sendJson } from "./http-io.js";
import { oidcError, portalError, type ServiceError, stsError } from "./service-error.js";

/** The three wire protocols the emulator speaks. */
export type Protocol = "oidc" | "portal" | "sts";

/** Renders a service error the way the service's protocol does. */
export function renderError(
  res: ServerResponse,
  protocol: Protocol,
  error: ServiceError,
  requestId: string,
): void {
  if (protocol === "sts") {
    const type = error.status >= 500 ? "Receiver" : "Sender";
    const xml =
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n` +
      `  <Error>\n    <Type>${type}</Type>\n    <Code>${escapeXml(error.type)}</Code>\n` +
      `    <Message>${escapeXml(error.message)}</Message>\n  </Error>\n` +
      `  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
    send(res, error.status, "text/xml", xml);
    return;
  }
  // restJson1: the SDKs read the error type from this header (AWS adds its service's namespace)
  const namespace = protocol === "oidc" ? "com.amazonaws.sso.oidc" : "com.amazonaws.switchboard.portal";
  const headers = { "x-amzn-errortype": `${error.type}:http://internal.amazon.com/coral/${namespace}/` };
  // SSO OIDC answers in OAuth terms only, without `message`: the SDK's error then says "UnknownError"
  // and carries the text in `error_description`, as with AWS.
  // The portal's throttle (429) also names its type in the body, with no message of its own:
  // {"message":"HTTP 429 Unknown Code","__type":"com.amazonaws.switchboard.portal#TooManyRequestsException"}
  // (jonathanmorley/oktaws#512; granted#458 shows the same text through the Go SDK).
  const body =
    protocol === "oidc"
      ? { error: error.oauthError ?? "server_error", error_description: error.message }
      : error.status === 429
        ? { message: error.message, __type: `${namespace}#${error.type}` }
        : { message: error.message };
  sendJson(res, error.status, body, headers);
}

/** The error an injected throttle or server-error fault answers with, in the protocol's own terms. */
export function faultError(protocol: Protocol, kind: "throttle" | "server-error"): ServiceError {
  if (protocol === "sts") {
    return kind === "throttle"
      ? stsError("Throttling", 400, "Rate exceeded")
      : stsError("InternalFailure", 500, "An internal error occurred");
  }
  if (kind === "throttle") {
    // SSO OIDC throttles every operation with its OAuth slow_down (400), never a 429
    return protocol === "oidc"
      ? oidcError("SlowDownException", "Client is making requests too frequently")
      : portalError("TooManyRequestsException", "HTTP 429 Unknown Code");
  }
  return protocol === "oidc"
    ? oidcError("InternalServerException", "An internal error occurred")
    : portalError("InternalServerException", "An internal error occurred");
}
