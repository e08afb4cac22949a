#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startEmulator } from "./start-emulator.js";

const HELP = `Usage: ssoenv-emulator [options]

AWS IAM Identity Center (SSO portal + SSO OIDC) and STS emulator on loopback.
Prints its base URL as the first line on stdout, then serves until SIGINT/SIGTERM.

Options:
  --port N                  port to listen on (default: a free port)
  --host H                  interface to listen on (default: 127.0.0.1)
  --approval auto|manual    approve logins at once, or wait for /_emulator/approve or the
                            /device page (default: auto)
  --start-url U             the Identity Center start URL (default: https://ssoenv-demo.awsapps.com/start)
  --region R                region (default: us-east-1)
  --user-name NAME          user name in STS ARNs (default: dev-user)
  --access-token DURATION   access token lifetime, e.g. 1h, 30m, 90s (default: 1h, as AWS)
  --sign-in DURATION        how long a sign-in lasts: refresh tokens work until then (default: 8h)
  --role-credentials DURATION
                            how long role credentials last (default: 1h, a permission set's default)
  --data-path DIR           also write AWS CLI v2 endpoint overrides to DIR (use as AWS_DATA_PATH)
  -h, --help                show this help

SDK clients: AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SIGNIN
  (console federation) = the URL.
Control API: GET /_emulator/pending, POST /_emulator/approve?user_code=X, POST /_emulator/deny?user_code=X,
  POST /_emulator/clock/advance?ms=N, GET /_emulator/stats, POST|DELETE /_emulator/faults, POST /_emulator/token
`;

async function main(): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse().values;
  } catch (error) {
    process.stderr.write(`ssoenv-emulator: ${(error as Error).message} (see --help)\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`ssoenv-emulator: --port must be an integer from 0 to 65535, got ${values.port}\n`);
    return 2;
  }
  if (values.approval !== undefined && values.approval !== "auto" && values.approval !== "manual") {
    process.stderr.write(`ssoenv-emulator: --approval must be auto or manual, got ${values.approval}\n`);
    return 2;
  }
  // Every login would be refused "the start URL" otherwise: say so before serving.
  const startUrl = values["start-url"];
  if (startUrl !== undefined && !/^https:\/\/[^/\s]+/.test(startUrl)) {
    process.stderr.write(
      `ssoenv-emulator: --start-url must be an https:// URL such as https://ssoenv-demo.awsapps.com/start, got ${startUrl}\n`,
    );
    return 2;
  }
  const lifetimes: { accessTokenMs?: number; signInMs?: number; roleCredentialsMs?: number } = {};
  for (const [flag, key] of [
    ["access-token", "accessTokenMs"],
    ["sign-in", "signInMs"],
    ["role-credentials", "roleCredentialsMs"],
  ] as const) {
    const text = values[flag];
    if (text === undefined) continue;
    const ms = parseDurationMs(text);
    if (ms === undefined) {
      process.stderr.write(
        `ssoenv-emulator: --${flag} must be a duration such as 1h, 30m or 90s, got ${text}\n`,
      );
      return 2;
    }
    lifetimes[key] = ms;
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      lifetimes,
      port,
      host: values.host,
      approval: values.approval,
      startUrl: values["start-url"],
      region: values.region,
      userName: values["user-name"],
    });
  } catch (error) {
    const message = listenErrorMessage(error, port, values.host ?? "127.0.0.1");
    if (message === undefined) throw error;
    process.stderr.write(`ssoenv-emulator: ${message}\n`);
    return 2;
  }
  if (values["data-path"]) await emulator.writeAwsCliDataPath(values["data-path"]);
  // Listening before the URL is out: whoever reads it may stop the emulator at once, and a signal
  // meeting no listener would end the process by default (killed by the signal, not exit 0).
  const stopped = new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  process.stdout.write(`${emulator.url}\n`);
  await stopped;
  await emulator.stop();
  return 0;
}

function parse() {
  return parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      approval: { type: "string" },
      "start-url": { type: "string" },
      region: { type: "string" },
      "user-name": { type: "string" },
      "data-path": { type: "string" },
      "access-token": { type: "string" },
      "sign-in": { type: "string" },
      "role-credentials": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: false,
  });
}

/** One line naming the flag to change when the address cannot be listened on; undefined for other errors. */
function listenErrorMessage(error: unknown, port: number, host: string): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE") {
    return `port ${port} on ${host} is already in use: pass --port with another port, or --port 0 for a free one`;
  }
  if (code === "EADDRNOTAVAIL")
    return `--host ${host} is not an address of this machine: pass another --host`;
  return undefined;
}

/** "8h", "30m", "90s", "1h30m" -> milliseconds; undefined when not a positive duration. */
function parseDurationMs(text: string): number | undefined {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000 };
  const parts = [...text.trim().matchAll(/(\d+)([hms])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text.trim()) return undefined;
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * (units[unit as string] ?? 0), 0);
  return ms > 0 ? ms : undefined;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ssoenv-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
