import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { loadSsoProfile } from "../../config/load-sso-profile.js";
import { isoSeconds } from "../../credentials/iso-seconds.js";
import { readSignInFingerprint } from "../../credentials/sign-in-fingerprint.js";
import { isSsoenvError, SsoenvError } from "../../errors.js";
import { ensureSession } from "../../session/ensure-session.js";
import type { Session } from "../../session/session-types.js";
import { tokenCachePath } from "../../token/sso-token-cache.js";
import { createCredentialsKeeper } from "./credentials-keeper.js";

/** The only interface the server listens on: the SDKs accept plain http for loopback hosts only. */
export const SERVE_HOST = "127.0.0.1";

/** Path of a profile's credentials: `/profiles/<name>`. */
export const PROFILE_PATH_PREFIX = "/profiles/";

/** Options of {@link startCredentialsServer}. */
export interface StartCredentialsServerOptions {
  /** Profiles served; a request for any other gets 404. */
  profiles: readonly string[];
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** The bearer token clients must send (at least 128 bits of randomness). @default 32 random bytes */
  token?: string;
  /** Sessions already fetched (at start-up), served until their renewal time. */
  sessions?: readonly Session[];
  /** One line per event worth logging: start, a renewal problem. Never a token or a secret. */
  log?: (line: string) => void;
  /** Environment for ensureSession (HOME, AWS_CONFIG_FILE, AWS_ENDPOINT_URL_*). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** One upstream fetch. @default ensureSession without a login (a server has no one to log in) */
  fetchSession?: (profile: string) => Promise<Session>;
}

/** A running credentials endpoint. */
export interface CredentialsServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The bearer token (`AWS_CONTAINER_AUTHORIZATION_TOKEN`). Keep it out of logs. */
  token: string;
  profiles: readonly string[];
  /** `AWS_CONTAINER_CREDENTIALS_FULL_URI` for a profile. */
  urlFor(profile: string): string;
  /** Upstream fetches made so far (for tests and the benchmark). */
  fetches(): number;
  /** Stops listening, closes every connection and cancels the fetches in flight. */
  close(): Promise<void>;
}

/**
 * Serves the container credentials protocol on 127.0.0.1, as the AWS SDKs (JS v3, botocore/boto3,
 * Go v2, Java v2) and the AWS CLI v2 call it when `AWS_CONTAINER_CREDENTIALS_FULL_URI` and
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN` are set: `GET /profiles/<name>` with `Authorization: <token>`
 * answers `{AccessKeyId, SecretAccessKey, Token, Expiration, AccountId}`.
 *
 * Defences, since it hands credentials to whoever can reach it: the token is compared in constant
 * time; a request without it or with another gets 401, one with a `Host` other than the loopback
 * address and port (DNS rebinding from a web page) or with an `Origin` header (a browser) gets 403;
 * no error body holds a secret. `GET /_ssoenv/status` (token required) says who is serving.
 *
 * @throws SsoenvError `PORT_IN_USE` when the port is taken, `INVALID_ARGUMENT` for a short token or
 *   a port this user may not bind.
 * @example
 * const server = await startCredentialsServer({ profiles: ["dev"] });
 * // AWS_CONTAINER_CREDENTIALS_FULL_URI=server.urlFor("dev") AWS_CONTAINER_AUTHORIZATION_TOKEN=server.token
 */
export async function startCredentialsServer(
  options: StartCredentialsServerOptions,
): Promise<CredentialsServer> {
  const token = options.token ?? randomBytes(32).toString("base64url");
  // 22 base64url characters carry 132 bits: anything shorter was not made by us.
  if (token.length < 22 || /[\r\n]/.test(token)) {
    throw new SsoenvError("INVALID_ARGUMENT", "the server token must be at least 22 characters of one line", {
      hint: "let ssoenv generate it",
    });
  }
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const profiles = new Set(options.profiles);
  let fetchCount = 0;
  // Aborted by close(): a fetch waiting on AWS must not keep a stopped server's process alive.
  const closing = new AbortController();
  const fetchSession =
    options.fetchSession ??
    ((profile: string) =>
      ensureSession({ profile, env, login: false, interactive: false, signal: closing.signal }));
  // Where each profile's sign-in lives, looked up once: the config is checked at start.
  const tokenPaths = new Map<string, Promise<string>>();
  const signInOf = async (profile: string) => {
    let path = tokenPaths.get(profile);
    if (!path) {
      path = loadSsoProfile({ profile, env }).then((loaded) => tokenCachePath({ profile: loaded, env }));
      tokenPaths.set(profile, path);
    }
    return readSignInFingerprint(await path);
  };
  const keeper = createCredentialsKeeper({
    fetchSession: (profile) => {
      fetchCount++;
      return fetchSession(profile);
    },
    log,
    // Only for sessions from ensureSession, whose sign-in is the profile's token cache file.
    ...(options.fetchSession ? {} : { signInOf }),
  });
  for (const session of options.sessions ?? []) keeper.prime(session);

  const tokenDigest = digest(token);
  let allowedHosts: Set<string> = new Set();
  const startedAt = new Date();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`unexpected error: ${(error as Error)?.message ?? String(error)}`);
      if (!response.headersSent)
        reply(response, 500, { Code: "InternalError", Message: "ssoenv serve failed" });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.headers.origin !== undefined) {
      return reply(response, 403, {
        Code: "Forbidden",
        Message: "ssoenv serve does not answer browsers (Origin header present)",
      });
    }
    if (!allowedHosts.has((request.headers.host ?? "").toLowerCase())) {
      return reply(response, 403, {
        Code: "Forbidden",
        Message: `ssoenv serve answers only requests to ${SERVE_HOST}:${port}`,
      });
    }
    if (!authorized(request.headers.authorization, tokenDigest)) {
      return reply(response, 401, {
        Code: "Unauthorized",
        // A client started before the server last started holds the token of that server.
        Message:
          "missing or wrong Authorization token (AWS_CONTAINER_AUTHORIZATION_TOKEN): each start of ssoenv serve has its own; restart this client with the one in the .env file ssoenv wrote (ssoenv refresh rewrites it)",
      });
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.setHeader("Allow", "GET, HEAD");
      return reply(response, 405, { Code: "MethodNotAllowed", Message: "use GET" });
    }
    const path = (request.url ?? "/").split("?")[0] as string;
    if (path === "/_ssoenv/status") {
      return reply(response, 200, {
        pid: process.pid,
        port,
        profiles: [...profiles],
        startedAt: startedAt.toISOString(),
      });
    }
    if (!path.startsWith(PROFILE_PATH_PREFIX)) {
      return reply(response, 404, {
        Code: "NotFound",
        Message: `ask for ${PROFILE_PATH_PREFIX}<profile>`,
      });
    }
    let profile: string;
    try {
      profile = decodeURIComponent(path.slice(PROFILE_PATH_PREFIX.length));
    } catch {
      return reply(response, 404, { Code: "NotFound", Message: "not a profile name" });
    }
    if (!profiles.has(profile)) {
      return reply(response, 404, {
        Code: "ProfileNotServed",
        Message: `profile "${profile}" is not served here (serving: ${[...profiles].join(", ")}); start ssoenv serve with --profile ${profile}`,
      });
    }
    let session: Session;
    try {
      session = await keeper.get(profile);
    } catch (error) {
      return replyError(response, profile, error);
    }
    const { credentials } = session;
    reply(response, 200, {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      Token: credentials.sessionToken,
      Expiration: isoSeconds(credentials.expiration),
      AccountId: session.accountId,
    });
  }

  const port = await listen(server, options.port ?? 0);
  for (const profile of profiles) keeper.prefetch(profile);
  allowedHosts = new Set([`${SERVE_HOST}:${port}`, `localhost:${port}`]);
  const url = `http://${SERVE_HOST}:${port}`;
  return {
    url,
    port,
    token,
    profiles: [...profiles],
    urlFor: (profile) => `${url}${PROFILE_PATH_PREFIX}${encodeURIComponent(profile)}`,
    fetches: () => fetchCount,
    close: () =>
      new Promise<void>((resolve) => {
        keeper.stop();
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Fails as {@link startCredentialsServer} would on `port`, without serving: `ssoenv serve --port N`
 * says that the port is taken before it logs in, not after the user signed in. (Another program may
 * still take the port in between: the server's own listen says so then.)
 *
 * @throws SsoenvError `PORT_IN_USE`, or `INVALID_ARGUMENT` for a port this user may not bind.
 * @example await checkServePort({ port: 9911 });
 */
export async function checkServePort(options: { port: number }): Promise<void> {
  const probe = createServer();
  await listen(probe, options.port);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

/** The SDKs send the token as the whole header; `Bearer <token>` is accepted too. */
function authorized(header: string | undefined, expected: Buffer): boolean {
  if (header === undefined) return false;
  const given = header.startsWith("Bearer ") ? header.slice(7) : header;
  // Digests have one length, so timingSafeEqual compares in constant time whatever was sent.
  return timingSafeEqual(digest(given), expected);
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * Errors as `{Code, Message}`: the JS SDK reads those names, the Go SDK reads them case-insensitively,
 * botocore and the AWS CLI print the body. The message names the command that fixes it.
 */
function replyError(response: ServerResponse, profile: string, error: unknown): void {
  if (isSsoenvError(error, "LOGIN_REQUIRED")) {
    reply(response, 403, {
      Code: "LoginRequired",
      Message: `The SSO sign-in of profile "${profile}" has ended or is missing: run \`ssoenv login --profile ${profile}\` (ssoenv serve picks the new sign-in up without a restart)`,
    });
    return;
  }
  if (isSsoenvError(error)) {
    const status = error.code === "ACCESS_DENIED" ? 403 : error.code === "ENDPOINT_UNREACHABLE" ? 502 : 500;
    reply(response, status, {
      Code: error.code,
      Message: `${error.message}${error.hint ? ` (hint: ${error.hint})` : ""}`,
    });
    return;
  }
  reply(response, 500, {
    Code: "InternalError",
    Message: `ssoenv serve could not get credentials of "${profile}"`,
  });
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  response.end(response.req.method === "HEAD" ? undefined : text);
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new SsoenvError("PORT_IN_USE", `port ${port} on ${SERVE_HOST} is already in use`, {
            hint: "ssoenv serve --status shows the servers running; pick another --port or stop it (ssoenv serve --stop)",
            cause: error,
          }),
        );
      } else if (error.code === "EACCES") {
        // Ports below 1024 on Linux, unless the process has the privilege.
        reject(
          new SsoenvError(
            "INVALID_ARGUMENT",
            `port ${port} on ${SERVE_HOST} needs privileges this user does not have`,
            {
              hint: "pick a --port from 1024 to 65535, or leave --port out for a free one",
              cause: error,
            },
          ),
        );
      } else reject(error);
    };
    server.once("error", onError);
    server.listen(port, SERVE_HOST, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}
