#!/usr/bin/env -S node --
// The `ssoenv` command. This small file is committed (not built) so that the bin exists from the
// moment the package does: `pnpm install` links it before any build. It runs the built CLI, one
// CommonJS file (see scripts/bundle-hot-paths.mjs for why).
// (The `--`: Node 20/22 would take `ssoenv refresh --env-file F` as their own --env-file option.)
require("../dist/bin.cjs");
