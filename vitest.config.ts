import { defineConfig } from "vitest/config";

// Tests run the TypeScript sources of our packages (the "@ssoenv/source" export condition);
// end-to-end tests run the built binaries (`pnpm test` builds first).
export default defineConfig({
  resolve: { conditions: ["@ssoenv/source", "import", "node", "default"] },
  ssr: { resolve: { conditions: ["@ssoenv/source", "import", "node", "default"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts", "plugins/*/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    reporters: ["default", "./test/support/skip-guard-reporter.ts"],
  },
});
