import type { IncomingMessage, ServerResponse } from "node:http";
import { parseJsonObject, sendJson } from "./http-io.js";
import type { Emulator, EmulatorAccount, EmulatorFault, EmulatorRole, EmulatorTraffic } from "./types.js";

/** Prefix of the control API that other processes (shell tests, the demo) use. */
export const CONTROL_PREFIX = "/_emulator/";

/**
 * The control API: the `Emulator` methods over HTTP.
 *   GET  /_emulator/pending                  -> [{ userCode, clientId, expiresAt }]
 *   POST /_emulator/approve?user_code=X      POST /_emulator/deny?user_code=X
 *   POST /_emulator/clock/advance?ms=N       POST /_emulator/clock/set?ms=EPOCH   GET /_emulator/clock
 *   GET  /_emulator/stats                    DELETE /_emulator/stats (reset)
 *   POST /_emulator/faults (JSON fault or array of faults)   DELETE /_emulator/faults
 *   POST /_emulator/token (optional JSON { expiresInMs })  -> IssuedToken with ISO dates
 *   POST /_emulator/revoke                   (revokeTokens)
 *   PUT  /_emulator/accounts (JSON array of accounts)     PUT /_emulator/traffic (JSON traffic settings)
 *   PUT  /_emulator/roles (JSON array of roles AssumeRole can assume)
 */
export function handleControl(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): void {
  const route = `${req.method} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
  const [status, value] = answer(emulator, route, url, body);
  sendJson(res, status, value);
}

/** The status and JSON body for a control route. */
function answer(emulator: Emulator, route: string, url: URL, body: Buffer): [number, unknown] {
  const userCode = url.searchParams.get("user_code") ?? "";
  const fail = (status: number, message: string): [number, unknown] => [status, { error: message }];
  try {
    switch (route) {
      case "GET pending":
        return [200, emulator.pendingAuthorizations()];
      case "POST approve":
        emulator.approve(userCode);
        return [200, { ok: true, userCode }];
      case "POST deny":
        emulator.deny(userCode);
        return [200, { ok: true, userCode }];
      case "GET clock":
        return [200, { now: emulator.clock.now() }];
      case "POST clock/advance": {
        const ms = Number(url.searchParams.get("ms"));
        if (!Number.isFinite(ms)) return fail(400, "ms must be a number (milliseconds)");
        emulator.clock.advance(ms);
        return [200, { now: emulator.clock.now() }];
      }
      case "POST clock/set": {
        const ms = Number(url.searchParams.get("ms"));
        if (!Number.isFinite(ms)) return fail(400, "ms must be a number (epoch milliseconds)");
        emulator.clock.set(ms);
        return [200, { now: emulator.clock.now() }];
      }
      case "GET stats":
        return [200, emulator.stats()];
      case "DELETE stats":
        emulator.resetStats();
        return [200, { ok: true }];
      case "POST faults": {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString("utf8"));
        } catch {
          return fail(400, "body must be a JSON fault object or an array of them");
        }
        for (const fault of Array.isArray(parsed) ? parsed : [parsed])
          emulator.faults.add(fault as EmulatorFault);
        return [200, { ok: true }];
      }
      case "DELETE faults":
        emulator.faults.clear();
        return [200, { ok: true }];
      case "POST token": {
        const options = parseJsonObject(body);
        const expiresInMs = options?.expiresInMs;
        if (expiresInMs !== undefined && typeof expiresInMs !== "number") {
          return fail(400, "expiresInMs must be a number");
        }
        const token = emulator.issueToken(expiresInMs === undefined ? {} : { expiresInMs });
        return [
          200,
          {
            ...token,
            expiresAt: token.expiresAt.toISOString(),
            registrationExpiresAt: token.registrationExpiresAt.toISOString(),
          },
        ];
      }
      case "PUT accounts":
        emulator.setAccounts(parseBody(body) as EmulatorAccount[]);
        return [200, { ok: true }];
      case "PUT roles":
        emulator.setRoles(parseBody(body) as EmulatorRole[]);
        return [200, { ok: true }];
      case "PUT traffic":
        emulator.setTraffic(parseBody(body) as EmulatorTraffic);
        return [200, { ok: true }];
      case "POST revoke":
        emulator.revokeTokens();
        return [200, { ok: true }];
      default:
        return fail(404, `unknown control route ${route}`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(error instanceof TypeError ? 400 : 404, message);
  }
}

/** The JSON body; a TypeError (400) when it is not JSON. */
function parseBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new TypeError("body must be JSON");
  }
}
