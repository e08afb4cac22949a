import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorState } from "./emulator-state.js";
import { escapeXml, send } from "./http-io.js";

const HTML = "text/html; charset=utf-8";

/**
 * The verification page, as AWS's: GET /device (verificationUri) or /device?request_uri=R
 * (verificationUriComplete, which names the request, not its code) asks for the code the terminal shows;
 * GET /device?user_code=X has it filled in. POST /device (form: user_code, request_uri, action=approve|deny)
 * decides; with a request_uri, only that request's code is taken.
 */
export function handleDevicePage(options: {
  state: EmulatorState;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  body: Buffer;
}): void {
  const { state, req, res, query } = options;
  if (req.method !== "POST") {
    const userCode = query.get("user_code") ?? "";
    const requestUri = query.get("request_uri") ?? "";
    const status = requestUri
      ? state.requestStatus(requestUri)
      : userCode
        ? state.authorizationStatus(userCode)
        : "pending";
    send(res, 200, HTML, devicePage({ userCode, requestUri, status }));
    return;
  }
  const form = new URLSearchParams(options.body.toString("utf8"));
  const userCode = (form.get("user_code") ?? query.get("user_code") ?? "").trim();
  const requestUri = form.get("request_uri") ?? query.get("request_uri") ?? "";
  const approve = (form.get("action") ?? "approve") !== "deny";
  if (
    requestUri &&
    state.authorizationStatus(userCode) !== "unknown" &&
    !state.requestMatches(requestUri, userCode)
  ) {
    const message = `${userCode} is not the code of this sign-in request: enter the code your terminal shows.`;
    send(res, 400, HTML, devicePage({ userCode: "", requestUri, status: "pending", message }));
    return;
  }
  try {
    state.decide(userCode, approve);
    send(res, 200, HTML, devicePage({ userCode, requestUri, status: approve ? "approved" : "denied" }));
  } catch {
    // unknown, expired or already decided: show which
    send(res, 400, HTML, devicePage({ userCode, requestUri, status: state.authorizationStatus(userCode) }));
  }
}

/**
 * The page: while the request is pending, a field for the code (filled in when known) with Approve and
 * Deny (POST /device); else what became of it.
 */
function devicePage(options: {
  userCode: string;
  requestUri?: string;
  status: string;
  message?: string;
}): string {
  const code = escapeXml(options.userCode);
  const body =
    options.status === "pending"
      ? `${options.message ? `<p>${escapeXml(options.message)}</p>\n` : ""}<p>Allow the AWS CLI or SDK that shows you a code to access your AWS accounts? Enter its code:</p>
<form method="post" action="/device">
  <input name="user_code" value="${code}" autocomplete="off" placeholder="ABCD-EFGH">
  <input type="hidden" name="request_uri" value="${escapeXml(options.requestUri ?? "")}">
  <button name="action" value="approve">Approve</button>
  <button name="action" value="deny">Deny</button>
</form>`
      : `<p>${escapeXml(options.message ?? statusText(options.status, options.userCode))}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ssoenv emulator: authorize request</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto}button{font-size:1rem;margin-right:.5rem}</style>
</head><body>
<h1>AWS IAM Identity Center (emulated)</h1>
${body}
</body></html>
`;
}

function statusText(status: string, userCode: string): string {
  switch (status) {
    case "approved":
    case "used":
      return "Request approved. You can close this window and return to your terminal.";
    case "denied":
      return "Request denied.";
    case "expired":
      return "This code has expired. Start the login again.";
    default:
      return userCode ? `Unknown code ${userCode}.` : "Unknown sign-in request. Start the login again.";
  }
}
