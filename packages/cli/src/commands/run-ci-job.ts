import { ciJob } from "@ssoenv/core/internal/session/ci-job";
import { writeToStdout } from "../write-to-stdout.js";

/** What `ssoenv ci-job` does (its declaration: ci-job.ts). */
export function runCiJob(): void {
  const job = ciJob();
  if (job === undefined) {
    process.exitCode = 1;
    return;
  }
  writeToStdout(`${job}\n`);
}
