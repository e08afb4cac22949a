import { ciJob } from "@ssoenv/core/internal/session/ci-job";

/**
 * Progress may be drawn in place (a spinner, a line rewritten with \r): stderr is a terminal that can
 * move its cursor (TERM is not `dumb`, as in Emacs' shell) and this is no CI job (`CI` set, or a
 * vendor's variables: core's ci-job.ts). A CI job's pseudo-terminal ends in a log, where each frame is
 * noise and the plain lines of a terminal-less run say more.
 */
export function drawsOnTerminal(): boolean {
  return Boolean(process.stderr.isTTY) && process.env.TERM !== "dumb" && ciJob() === undefined;
}
