/**
 * Builds the native quick check (native/, Rust, standard library only) into dist/ssoenv-quickscan;
 * with --test, runs its unit tests instead.
 * It is an accelerator, not a dependency: without cargo the build says so and goes on, and the
 * scanner runs in Node.js alone, with the same results. SSOENV_REQUIRE_TOOLS=1 (CI) makes a missing
 * cargo an error, so what CI measures and tests is what ships.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const crateDir = join(packageDir, "native");
const exe = process.platform === "win32" ? ".exe" : "";
const output = join(packageDir, "dist", `ssoenv-quickscan${exe}`);

function findCargo() {
  for (const candidate of ["cargo", join(homedir(), ".cargo", "bin", "cargo")]) {
    if (spawnSync(candidate, ["--version"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return undefined;
}

const cargo = findCargo();
if (!cargo) {
  const message = process.argv.includes("--test")
    ? "cargo not found: skipping the native quick check's unit tests (install Rust: apt-get install cargo)"
    : "cargo not found: the native quick check is not built, so `ssoenv scan` and the pre-commit hook start Node.js for every scan (same results, slower). Install Rust (apt-get install cargo) and build again.";
  if (process.env.SSOENV_REQUIRE_TOOLS === "1") {
    process.stderr.write(`@ssoenv/secret-scan: ${message}\n`);
    process.exit(1);
  }
  process.stderr.write(`@ssoenv/secret-scan: warning: ${message}\n`);
  // A binary left from an earlier build may not match the scanner's current rules: without one
  // the scan is slower, never wrong.
  if (!process.argv.includes("--test")) rmSync(output, { force: true });
  process.exit(0);
}

// --offline: no dependencies, nothing to fetch; a build never reaches for the network.
if (process.argv.includes("--test")) {
  const test = spawnSync(cargo, ["test", "--offline", "--quiet"], { cwd: crateDir, stdio: "inherit" });
  process.exit(test.status ?? 1);
}
const build = spawnSync(cargo, ["build", "--release", "--offline", "--quiet"], {
  cwd: crateDir,
  stdio: "inherit",
});
if (build.status !== 0) {
  process.stderr.write(`@ssoenv/secret-scan: cargo build failed (exit ${build.status}) in ${crateDir}\n`);
  process.exit(1);
}
const built = join(crateDir, "target", "release", `ssoenv-quickscan${exe}`);
if (!existsSync(built)) {
  process.stderr.write(`@ssoenv/secret-scan: cargo built no ${built}\n`);
  process.exit(1);
}
// Copied next to the bundle, then renamed: a hook running at this moment sees the old binary or the new one.
mkdirSync(dirname(output), { recursive: true });
copyFileSync(built, `${output}.tmp`);
chmodSync(`${output}.tmp`, 0o755);
renameSync(`${output}.tmp`, output);
