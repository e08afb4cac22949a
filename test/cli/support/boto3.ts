import { execFile, execFileSync } from "node:child_process";

/** True when `python3` on PATH cannot import boto3: the tests that need it skip with a message (fail in CI). */
export function skipWithoutBoto3(): boolean {
  try {
    execFileSync("python3", ["-c", "import boto3"], { stdio: "ignore" });
    return false;
  } catch {
    const message = "python3 with boto3 not found on PATH: skipping the boto3 tests (pip install boto3)";
    if (process.env.SSOENV_REQUIRE_TOOLS === "1") throw new Error(message);
    console.warn(message);
    return true;
  }
}

/** Runs a Python program with exactly `env` (plus PATH), resolving with its stdout; rejects with its stderr. */
export function runPython(script: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      "python3",
      ["-c", script],
      { env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) => (error ? reject(new Error(`python3 failed: ${stderr}`)) : resolve(stdout)),
    ),
  );
}
