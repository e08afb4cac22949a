#!/usr/bin/env -S node --
// The `--` above: Node 20/22 take a script argument named --env-file as their own option
// (nodejs/node#54232) unless node's options are ended first. `ssoenv refresh --env-file F` needs that.

// Built into dist/bin.cjs with what it imports statically (scripts/bundle-hot-paths.mjs): no top-level
// await, so that it can be CommonJS.
import { runCli } from "./run-cli.js";

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
