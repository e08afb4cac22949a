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
  --data-path DIR           also write AWS CLI v2 endpoint overrides to DIR (use as AWS_DATA_PATH)
  -h, --help                show this help

SDK clients: AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_STS = the URL.
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
  const emulator = await startEmulator({
    port,
    host: values.host,
    approval: values.approval,
    startUrl: values["start-url"],
    region: values.region,
    userName: values["user-name"],
  });
  if (values["data-path"]) await emulator.writeAwsCliDataPath(values["data-path"]);
  process.stdout.write(`${emulator.url}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
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
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: false,
  });
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
