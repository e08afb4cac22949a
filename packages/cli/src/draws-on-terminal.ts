import { ciSetting } from "@ssoenv/core/internal/session/is-interactive";

/**
 * Progress may be drawn in place (a spinner, a line rewritten with \r): stderr is a terminal and `CI`
 * is not set. A CI job's pseudo-terminal ends in a log, where each frame is noise and the plain
 * lines of a terminal-less run say more.
 */
export function drawsOnTerminal(): boolean {
  return Boolean(process.stderr.isTTY) && ciSetting(process.env) === undefined;
}
