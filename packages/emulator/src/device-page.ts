import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorState } from "./emulator-state.js";
import { escapeXml, send } from "./http-io.js";

const HTML = "text/html; charset=utf-8";

/**
 * GET /device?user_code=X shows the page; POST /device (form: user_code, action=approve|deny) decides.
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
    send(res, 200, HTML, devicePage({ userCode, status: state.authorizationStatus(userCode) }));
    return;
  }
  const form = new URLSearchParams(options.body.toString("utf8"));
  const userCode = form.get("user_code") ?? query.get("user_code") ?? "";
  const approve = (form.get("action") ?? "approve") !== "deny";
  try {
    state.decide(userCode, approve);
    send(res, 200, HTML, devicePage({ userCode, status: approve ? "approved" : "denied" }));
  } catch {
    // unknown, expired or already decided: show which
    send(res, 400, HTML, devicePage({ userCode, status: state.authorizationStatus(userCode) }));
  }
}

/**
 * The verification page a person opens from `verificationUriComplete`: shows the user code and,
 * while it is pending, an Approve and a Deny button (POST /device).
 */
export function devicePage(options: { userCode: string; status: string; message?: string }): string {
  const code = escapeXml(options.userCode);
  const body =
    options.status === "pending"
      ? `<p>Code: <strong>${code}</strong></p>
<p>Allow the AWS CLI or SDK that shows this code to access your AWS accounts?</p>
<form method="post" action="/device">
  <input type="hidden" name="user_code" value="${code}">
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
      return userCode
        ? `Unknown code ${userCode}.`
        : "Open the link your terminal shows (it carries ?user_code=...).";
  }
}
