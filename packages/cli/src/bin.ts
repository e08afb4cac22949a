#!/usr/bin/env -S node --
// The `--` above: Node 20/22 take a script argument named --env-file as their own option
// (nodejs/node#54232) unless node's options are ended first. `ssoenv refresh --env-file F` needs that.

import { setOwnEnvDefault } from "./own-env.js";

// The AWS SDK warns on stderr about Node < 22 support ending in 2027. ssoenv supports Node 20 on
// purpose, and `credential-process` must keep stderr clean, so the notice is off unless asked for
// (in ssoenv only: children get the parent's environment, see own-env.ts).
setOwnEnvDefault("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true");

const { runCli } = await import("./run-cli.js");
process.exitCode = await runCli(process.argv.slice(2));
