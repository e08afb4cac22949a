import type { Reporter, TestModule } from "vitest/node";

/**
 * Tests that need a missing external tool (AWS CLI v2, terraform, mise, moto_server, git-secrets…) skip
 * with a message on a developer's machine. In CI every tool is installed, so a skip there means a broken
 * install step: with SSOENV_REQUIRE_TOOLS=1 this reporter lists the skipped tests and fails the run.
 */
export default class SkipGuardReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        if (test.result().state === "skipped") skipped.push(`${module.moduleId}: ${test.fullName}`);
      }
    }
    if (skipped.length === 0) return;
    const strict = process.env.SSOENV_REQUIRE_TOOLS === "1";
    process.stderr.write(`\n${skipped.length} test(s) skipped${strict ? " (not allowed in CI)" : ""}:\n`);
    for (const name of skipped.slice(0, 50)) process.stderr.write(`  - ${name}\n`);
    if (strict) process.exitCode = 1;
  }
}
