import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The callback path the AWS CLI uses; the client registers `http://127.0.0.1/oauth/callback`. */
export const CALLBACK_PATH = "/oauth/callback";
/** What the client registers: loopback, no port (any port then matches, RFC 8252 §7.3). */
export const REGISTERED_REDIRECT_URI = `http://127.0.0.1${CALLBACK_PATH}`;

/** What the browser brought back. */
export type CallbackResult = { code: string } | { error: string };

export interface LoopbackCallback {
  /** `http://127.0.0.1:<port>/oauth/callback` */
  redirectUri: string;
  /** Settles with the first callback that carries the expected state. */
  result: Promise<CallbackResult>;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 (a free port) for the browser's redirect back from /authorize. Only a
 * callback with the expected `state` and a `code` (or an `error`) counts; any other request gets an
 * error page and is ignored, so a forged or stale link cannot end or hijack the login.
 * `onIgnored` hears of each ignored callback.
 */
export async function startLoopbackCallback(options: {
  state: string;
  onIgnored?: (why: string) => void;
}): Promise<LoopbackCallback> {
  let settle: (result: CallbackResult) => void = () => {};
  const result = new Promise<CallbackResult>((resolve) => {
    settle = resolve;
  });
  let done = false;
  const server = createServer((req, res) => {
    const answer = judge(req, options.state);
    if ("ignored" in answer) {
      options.onIgnored?.(answer.ignored);
      return page(res, answer.status, "ssoenv: not signed in", answer.ignored);
    }
    if (done) return page(res, 400, "ssoenv: already done", "This sign-in has already finished.");
    done = true;
    if ("error" in answer) {
      page(
        res,
        200,
        "ssoenv: sign-in refused",
        `The sign-in was refused (${answer.error}). You can close this tab.`,
      );
    } else {
      page(
        res,
        200,
        "ssoenv: signed in",
        "You are signed in. You can close this tab and return to the terminal.",
      );
    }
    settle(answer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    result,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Judgement = { code: string } | { error: string } | { ignored: string; status: number };

function judge(req: IncomingMessage, state: string): Judgement {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (req.method !== "GET" || url.pathname !== CALLBACK_PATH) {
    return { ignored: "This is not a sign-in callback.", status: 404 };
  }
  if (url.searchParams.get("state") !== state) {
    return {
      ignored: "This sign-in link does not belong to the login ssoenv is waiting for; it was ignored.",
      status: 400,
    };
  }
  const error = url.searchParams.get("error");
  if (error) return { error: error.replace(/[^\w.-]/g, "").slice(0, 64) || "error" };
  const code = url.searchParams.get("code");
  if (!code) return { ignored: "The callback carries no authorization code; it was ignored.", status: 400 };
  return { code };
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><p>${text}</p></body></html>\n`;
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    // the page must not load anything, nor be framed
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  });
  res.end(body);
}
