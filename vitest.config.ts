import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

// Tests run the TypeScript sources of our packages (the "@ssoenv/source" export condition);
// end-to-end tests run the built binaries (`pnpm test` builds first).
export default defineConfig({
  resolve: { conditions: ["@ssoenv/source", "import", "node", "default"] },
  ssr: { resolve: { conditions: ["@ssoenv/source", "import", "node", "default"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts", "plugins/*/test/**/*.test.ts"],
    // The release test installs the packed tarballs with npm from the registry (about 40 s; it needs
    // the network), so it runs on its own: `pnpm test:release`.
    exclude: [
      ...configDefaults.exclude,
      ...(process.env.SSOENV_RELEASE_TEST === "1" ? [] : ["test/release/**"]),
    ],
    // Most tests start processes (ssoenv, the AWS CLI's Python, git): on a loaded 2-core machine they
    // run 8-16x slower than idle (load 12: profiles.test.ts 386 s against 47 s, its 1.9 s AWS CLI test
    // over 30 s), so a test that takes 2 s idle needs more than 30 s there. A hang still fails.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // At least two test files at once. Vitest's default (cores - 1) runs one at a time on a 2-core
    // machine such as CI's, but most of a test's time is spent in the processes it starts (ssoenv, the
    // AWS CLI, git) or waiting on them, so a second file fills the other core.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The AWS SDK's notice that Node.js 20 support ends in 2027 would print once per test worker:
    // ssoenv supports Node.js 20 on purpose (its bin turns the notice off the same way).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    reporters: ["default", "./test/support/skip-guard-reporter.ts"],
  },
});
