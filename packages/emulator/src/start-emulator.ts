import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { handleAuthorize } from "./authorize-handler.js";
import { calledRegion, foreignRegionError } from "./called-region.js";
import { ConsoleFederation } from "./console-federation.js";
import { CONTROL_PREFIX, handleControl } from "./control-api.js";
import { createClock } from "./create-clock.js";
import { handleDevicePage } from "./device-page.js";
import {
  DEFAULT_ACCOUNTS,
  DEFAULT_LIFETIMES,
  EmulatorState,
  type ResolvedSettings,
  validateAccounts,
  validateRoles,
  validateStsDeactivatedRegions,
} from "./emulator-state.js";
import { FaultList } from "./fault-list.js";
import { parseJsonObject, readBody, send, sendJson } from "./http-io.js";
import {
  handleCreateToken,
  handleRegisterClient,
  handleStartDeviceAuthorization,
  type OidcUrls,
} from "./oidc-handlers.js";
import {
  handleGetRoleCredentials,
  handleListAccountRoles,
  handleListAccounts,
  handleLogout,
} from "./portal-handlers.js";
import { randomRequestId } from "./random.js";
import { faultError, type Protocol, renderError } from "./render-error.js";
import { oidcError, portalError, ServiceError, stsError } from "./service-error.js";
import { handleAssumeRole, handleGetCallerIdentity, stsParams } from "./sts-handler.js";
import { TrafficShaper } from "./traffic-shaper.js";
import type { Emulator, EmulatorOptions, EmulatorStats, OperationName } from "./types.js";
import { writeAwsCliDataPath } from "./write-aws-cli-data-path.js";

/** restJson1 routes: "METHOD /path" -> operation and protocol. */
const REST_ROUTES: Record<string, [OperationName, Protocol]> = {
  "POST /client/register": ["RegisterClient", "oidc"],
  "POST /device_authorization": ["StartDeviceAuthorization", "oidc"],
  "POST /token": ["CreateToken", "oidc"],
  "GET /federation/credentials": ["GetRoleCredentials", "portal"],
  "GET /assignment/accounts": ["ListAccounts", "portal"],
  "GET /assignment/roles": ["ListAccountRoles", "portal"],
  "POST /logout": ["Logout", "portal"],
};

/**
 * Starts an AWS IAM Identity Center (SSO portal + SSO OIDC) and STS emulator on loopback. It speaks the real
 * wire protocols, so the AWS SDK v3 (via `sdkEnv()`) and AWS CLI v2 (via `writeAwsCliDataPath()`) work
 * against it unchanged.
 * @example
 *   const emulator = await startEmulator({ approval: "manual" });
 *   process.env = { ...process.env, ...emulator.sdkEnv() };
 *   // ... start a login, then:
 *   const { userCode } = await emulator.waitForAuthorization();
 *   emulator.approve(userCode);
 *   await emulator.stop();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const settings = resolveSettings(options);
  const clock = createClock({ startMs: options.now });
  const state = new EmulatorState(settings, clock);
  const faults = new FaultList();
  const traffic = new TrafficShaper(options.traffic);
  const federation = new ConsoleFederation(state);
  let stats: EmulatorStats = { total: 0, throttled: 0, slowDowns: 0, byOperation: {} };
  let url = "";
  const oidcUrls = (): OidcUrls => ({
    verificationUri: `${url}/device`,
    authorizationEndpoint: `${url}/authorize`,
    tokenEndpoint: `${url}/token`,
  });
  /** Held PKCE /authorize responses (manual approval), answered on stop. */
  const heldResponses = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // a bug or a broken connection: answer 500 if still possible, never crash the emulator
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, { message: error instanceof Error ? error.message : "internal error" });
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomRequestId();
    res.setHeader("x-amzn-RequestId", requestId);
    if (settings.dateSkewMs) res.setHeader("date", new Date(Date.now() + settings.dateSkewMs).toUTCString());
    const body = await readBody(req);
    const requestUrl = new URL(req.url ?? "/", "http://emulator");
    const path = requestUrl.pathname;

    if (path.startsWith(CONTROL_PREFIX)) return handleControl(emulator, req, res, requestUrl, body);
    const query = requestUrl.searchParams;
    if (path === "/device") return handleDevicePage({ state, req, res, query, body });
    if (req.method === "GET" && path === "/authorize") {
      const region = calledRegion(req);
      if (region && region !== settings.region) {
        // the sign-in page of another region's Identity Center refuses the request (granted#385)
        return send(res, 400, "text/plain; charset=utf-8", "invalid_grant: Invalid grant provided\n");
      }
      return handleAuthorize({ state, res, query, held: heldResponses });
    }
    if (path === "/federation" && (req.method === "GET" || req.method === "POST")) {
      stats.total++;
      stats.byOperation.Federation = (stats.byOperation.Federation ?? 0) + 1;
      // GET with a query, or POST with a form body (a long Session fits better there)
      const params = req.method === "POST" ? new URLSearchParams(body.toString("utf8")) : query;
      const answer = federation.handle(params);
      if (answer.status === 302) {
        res.writeHead(302, { location: answer.location, "content-length": 0 });
        return void res.end();
      }
      if (answer.status === 200) return sendJson(res, 200, answer.json);
      return send(res, answer.status, "text/plain; charset=utf-8", answer.text);
    }

    let route = REST_ROUTES[`${req.method} ${path}`];
    let stsAction: string | null = null;
    if (!route && path === "/" && (req.method === "POST" || req.method === "GET")) {
      stsAction = stsParams(req, body).get("Action");
      route = [stsAction === "AssumeRole" ? "AssumeRole" : "GetCallerIdentity", "sts"];
    }
    if (!route) return sendJson(res, 404, { message: `No route for ${req.method} ${path}` });
    const [operation, protocol] = route;
    if (protocol === "sts" && stsAction !== "GetCallerIdentity" && stsAction !== "AssumeRole") {
      // only GetCallerIdentity and AssumeRole are emulated; other actions are not counted
      return renderError(
        res,
        "sts",
        stsError(
          "InvalidAction",
          400,
          `Could not find operation ${stsAction ?? "(none)"} for version 2011-06-15`,
        ),
        requestId,
      );
    }

    stats.total++;
    stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
    const capacity = traffic.admit();
    if (capacity.throttled) stats.throttled++;
    const plan = faults.planFor(operation);
    if (plan.gate) await plan.gate;
    const latencyMs = plan.latencyMs + capacity.latencyMs;
    if (latencyMs > 0) await sleep(latencyMs);
    if (capacity.throttled) return renderError(res, protocol, faultError(protocol, "throttle"), requestId);
    if (plan.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (plan.kind) return renderError(res, protocol, faultError(protocol, plan.kind), requestId);
    const region = protocol === "sts" ? undefined : calledRegion(req);
    const foreign = region && region !== settings.region ? foreignRegionError(operation) : undefined;
    if (foreign) return renderError(res, protocol, foreign, requestId);

    try {
      if (protocol === "sts") {
        const xml =
          operation === "AssumeRole"
            ? handleAssumeRole(state, req, body, requestId)
            : handleGetCallerIdentity(state, req, body, requestId);
        return send(res, 200, "text/xml", xml);
      }
      const answer = dispatchRest(operation, req, requestUrl, body);
      // Logout: "an HTTP 200 response with an empty HTTP body" (SSO API reference)
      if (answer === undefined) return send(res, 200, "application/json", "");
      return sendJson(res, 200, answer);
    } catch (error) {
      if (error instanceof ServiceError && error.type === "SlowDownException") stats.slowDowns++;
      if (error instanceof ServiceError) return renderError(res, protocol, error, requestId);
      throw error;
    }
  }

  function dispatchRest(
    operation: OperationName,
    req: IncomingMessage,
    requestUrl: URL,
    body: Buffer,
  ): unknown {
    const query = requestUrl.searchParams;
    const token = headerValue(req, "x-amz-sso_bearer_token");
    const json = () => {
      const parsed = parseJsonObject(body);
      if (!parsed) throw oidcError("InvalidRequestException", "Request body must be a JSON object");
      return parsed;
    };
    switch (operation) {
      case "RegisterClient":
        return handleRegisterClient(state, json(), oidcUrls());
      case "StartDeviceAuthorization":
        return handleStartDeviceAuthorization(state, json(), oidcUrls());
      case "CreateToken":
        return handleCreateToken(state, json());
      case "GetRoleCredentials":
        return handleGetRoleCredentials(state, token, query);
      case "ListAccounts":
        return handleListAccounts(state, token, query);
      case "ListAccountRoles":
        return handleListAccountRoles(state, token, query);
      case "Logout":
        return handleLogout(state, token);
      default:
        throw portalError("InvalidRequestException", `Unsupported operation ${operation}`);
    }
  }

  if (options.keepAliveMs !== undefined) server.keepAliveTimeout = options.keepAliveMs;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  let stopping: Promise<void> | undefined;
  const emulator: Emulator = {
    url,
    region: settings.region,
    startUrl: settings.startUrl,
    sdkEnv: () => ({
      AWS_ENDPOINT_URL_SSO: url,
      AWS_ENDPOINT_URL_SSO_OIDC: url,
      AWS_ENDPOINT_URL_STS: url,
      AWS_ENDPOINT_URL_SIGNIN: url,
    }),
    writeAwsCliDataPath: (dir) => writeAwsCliDataPath({ dir, url }),
    pendingAuthorizations: () => state.pendingAuthorizations(),
    waitForAuthorization: (opts = {}) => state.waitForAuthorization(opts.timeoutMs ?? 15_000),
    approve: (userCode) => state.decide(userCode, true),
    deny: (userCode) => state.decide(userCode, false),
    issueToken: (opts) => state.issueToken(opts),
    revokeTokens: () => state.revokeTokens(),
    setAccounts: (accounts) => state.setAccounts(accounts),
    setRoles: (roles) => state.setRoles(roles),
    setTraffic: (settings) => traffic.set(settings),
    consoleSignIns: () => federation.list(),
    clock,
    faults: {
      add: (fault) => faults.add(fault),
      hold: (operation) => faults.hold(operation),
      clear: () => faults.clear(),
    },
    stats: () => ({ ...stats, byOperation: { ...stats.byOperation } }),
    resetStats: () => {
      stats = { total: 0, throttled: 0, slowDowns: 0, byOperation: {} };
    },
    stop: () => {
      stopping ??= (async () => {
        state.close();
        for (const res of heldResponses) res.destroy();
        heldResponses.clear();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return stopping;
    },
  };
  return emulator;
}

function resolveSettings(options: EmulatorOptions): ResolvedSettings {
  const lifetimes = { ...DEFAULT_LIFETIMES, ...definedOnly(options.lifetimes ?? {}) };
  for (const [name, ms] of Object.entries(lifetimes.permissionSetSessionMs)) {
    if (!(Number.isFinite(ms) && ms > 0)) {
      throw new TypeError(
        `lifetimes.permissionSetSessionMs.${name} must be a positive number of milliseconds, got ${ms}`,
      );
    }
  }
  const approval = options.approval ?? "auto";
  if (approval !== "auto" && approval !== "manual") {
    throw new TypeError(`approval must be "auto" or "manual", got ${JSON.stringify(approval)}`);
  }
  if (options.accounts) validateAccounts(options.accounts);
  if (options.roles) validateRoles(options.roles);
  if (options.stsDeactivatedRegions) validateStsDeactivatedRegions(options.stsDeactivatedRegions);
  if (options.pageSize !== undefined && !(Number.isInteger(options.pageSize) && options.pageSize >= 1)) {
    throw new TypeError(`pageSize must be a whole number >= 1, got ${options.pageSize}`);
  }
  return {
    region: options.region ?? "us-east-1",
    startUrl: options.startUrl ?? "https://ssoenv-demo.awsapps.com/start",
    userName: options.userName ?? "dev-user",
    accounts: structuredClone(options.accounts ?? DEFAULT_ACCOUNTS),
    roles: structuredClone(options.roles ?? []),
    stsDeactivatedRegions: structuredClone(options.stsDeactivatedRegions ?? {}),
    pageSize: options.pageSize ?? 100,
    approval,
    pollIntervalSeconds: options.pollIntervalSeconds ?? 1,
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    dateSkewMs: options.dateSkewMs ?? 0,
    ...lifetimes,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
