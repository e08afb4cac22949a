import { ciJob } from "./ci-job.js";

/**
 * A person can answer a login here: stdin and stderr are terminals, and this is no CI job (ci-job.ts:
 * `CI` set, or a vendor's variables such as Jenkins' or Azure Pipelines'). A CI job's pseudo-terminal
 * (`docker run -t`, a runner's pty) has no one to approve a device code: a login there would wait out
 * its 10 minutes, three times.
 */
export function isInteractive(): boolean {
  if (ciJob() !== undefined) return false;
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Why a needed login does not happen, for the LOGIN_REQUIRED message: "...; <reason>". */
export function noLoginReason(options: { loginDisabled: boolean }): string {
  if (options.loginDisabled) return "ssoenv does not log in from here";
  const ci = ciJob();
  if (ci === undefined) return "no terminal to log in from";
  if (ci.startsWith("CI=")) return `${ci}: no one to log in here`;
  // A vendor's variables said so, not CI: name the override too.
  return `this runs in ${ci} (CI=false says it does not): no one to log in here`;
}
