#!/usr/bin/env node
// The `ssoenv-emulator` command. This small file is committed (not built) so that the bin exists
// from the moment the package does: `pnpm install` links it before any build. It runs the built one.
import { fileURLToPath } from "node:url";

const built = new URL("../dist/bin.js", import.meta.url);
try {
  await import(built.href);
} catch (error) {
  // A checkout not built yet (a fresh clone after `pnpm install` alone): the command to run, not a stack.
  const missing = `Cannot find module '${fileURLToPath(built)}'`;
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !error.message.startsWith(missing)) throw error;
  process.stderr.write(
    "ssoenv-emulator: this checkout is not built (packages/emulator/dist/bin.js is missing)\nhint: pnpm install && pnpm build, at the checkout's root\n",
  );
  process.exitCode = 2;
}
