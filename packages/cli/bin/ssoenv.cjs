#!/usr/bin/env -S node --
// The `ssoenv` command. This small file is committed (not built) so that the bin exists from the
// moment the package does: `pnpm install` links it before any build. It runs the built CLI, one
// CommonJS file (see scripts/bundle-hot-paths.mjs for why).
// (The `--`: Node 20/22 would take `ssoenv refresh --env-file F` as their own --env-file option.)
try {
  require("../dist/bin.cjs");
} catch (error) {
  // A checkout not built yet (a fresh clone after `pnpm install` alone): the command to run, not a stack.
  if (error?.code !== "MODULE_NOT_FOUND" || !error.message.includes("'../dist/bin.cjs'")) throw error;
  process.stderr.write(
    "ssoenv: this checkout is not built (packages/cli/dist/bin.cjs is missing)\nhint: pnpm install && pnpm build, at the checkout's root\n",
  );
  process.exitCode = 2;
}
