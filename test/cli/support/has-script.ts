import { execFileSync } from "node:child_process";

/**
 * Whether util-linux `script` is here: it gives the CLI a pseudo-terminal, as a person's shell would.
 * Without it, the tests that need a terminal skip (the skip guard fails them in CI).
 */
export const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
