import type { LoginPrompt, SessionEvent } from "@ssoenv/core/internal/session/session-types";
import yoctoSpinner, { type Spinner } from "yocto-spinner";
import { drawsOnTerminal } from "./draws-on-terminal.js";
import { formatLeft } from "./format-time.js";
import { plainProgressIntervalMs, startPlainProgress } from "./plain-progress.js";
import { printInfo, stderrColors } from "./ui.js";

/** Handlers for ensureSession/login progress, and a way to stop the spinner. */
export interface SessionFeedback {
  onPrompt: (prompt: LoginPrompt) => void;
  onEvent: (event: SessionEvent) => void;
  /** Stops the spinner; prints held-back warnings, except those the failure `error` already says. */
  stop: (error?: unknown) => void;
}

const LOGGED_EVENTS = new Set<SessionEvent["type"]>([
  "login-started",
  "login-waiting-for-lock",
  "login-succeeded",
  "login-reused",
]);

/**
 * Progress on stderr for a person: a spinner (only when stderr is a terminal and CI is not set) that shows the device
 * code and the time left to enter it while a login waits; plain lines otherwise.
 * `quietShortCredentials`: for commands whose own output shows when the credentials end;
 * `quietLoginSucceeded`: for `ssoenv login`, which prints its own closing line.
 */
export function createSessionFeedback(
  options: {
    quietShortCredentials?: boolean;
    quietLoginSucceeded?: boolean;
    /** The command cancels itself on SIGINT, SIGTERM and SIGHUP (cancelOnSignal): the spinner leaves them alone. */
    cancelsOnSignal?: boolean;
  } = {},
): SessionFeedback {
  // Asked at the first progress, not before: drawsOnTerminal loads ci-info on a terminal, and a command
  // that fails before any progress (no such profile) has nothing to draw.
  let drawsHere: boolean | undefined;
  // Read now, not at a login's prompt: a bad SSOENV_PROGRESS_INTERVAL stops the command before it
  // asks AWS anything (exit 2), on a terminal too.
  const plainIntervalMs = plainProgressIntervalMs();
  const tty = () => {
    drawsHere ??= drawsOnTerminal();
    return drawsHere;
  };
  let spinner: Spinner | undefined;
  let timer: NodeJS.Timeout | undefined;
  const heldWarnings: string[] = [];
  // While `aws sso login` runs it writes to the terminal itself: no spinner may draw meanwhile.
  let childHasTerminal = false;
  // MFA prompts asked and not yet answered (parallel profiles queue theirs): the line is theirs, so
  // no spinner draws there until the last is answered, not even for another profile's progress.
  let mfaPromptsOpen = 0;

  // A command that cancels on a signal (cancelOnSignal) ends itself: "cancelled (Ctrl-C)" or
  // "(SIGTERM)", its lock released, the cursor shown again (stop()), exit 130 or 143. The spinner's own
  // SIGINT and SIGTERM handlers would exit the process first, saying nothing: it gets none.
  const handleSignals = !options.cancelsOnSignal;
  const show = (text: string) => {
    if (childHasTerminal || mfaPromptsOpen > 0 || !tty()) return;
    if (spinner) {
      spinner.text = text;
      return;
    }
    spinner = yoctoSpinner({ text, stream: process.stderr, handleSignals }).start();
  };
  const hide = () => {
    spinner?.stop();
    spinner = undefined;
  };
  // Without a terminal: the plain line repeated while a login waits (a script's log shows it is alive).
  let stopPlainLines: (() => void) | undefined;
  const clearTimer = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    stopPlainLines?.();
    stopPlainLines = undefined;
  };

  return {
    onPrompt(prompt) {
      // The URL and code stay on screen (not only in the spinner) so they can be copied; the code has
      // a line of its own because since 2026-09 AWS's verification URL no longer carries it.
      hide();
      let waiting: string;
      if (prompt.kind === "browser") {
        printInfo(
          prompt.opened
            ? "Sign in in the browser that opened. If none did, open this URL on this machine:"
            : "To sign in, open this URL in a browser on this machine:",
        );
        printInfo(`  ${stderrColors.cyan(prompt.url)}`);
        waiting = "Waiting for the browser sign-in";
      } else {
        printInfo(
          `To sign in, open ${stderrColors.cyan(prompt.verificationUriComplete ?? prompt.verificationUri)}`,
        );
        printInfo("and enter this code:");
        printInfo(`  ${stderrColors.bold(prompt.userCode)}`);
        waiting = `Waiting for approval of ${prompt.userCode}`;
      }
      const render = () => `${waiting} (${formatLeft(prompt.expiresAt.getTime() - Date.now())})`;
      clearTimer();
      if (tty()) {
        show(render());
        timer = setInterval(() => show(render()), 1000);
        timer.unref();
      } else {
        printInfo(render());
        stopPlainLines = startPlainProgress(render, plainIntervalMs);
      }
    },
    onEvent(event) {
      if (event.type === "login-succeeded" || event.type === "login-reused") clearTimer();
      // No event comes while the AWS CLI runs: the next one means it has exited.
      childHasTerminal = false;
      if (event.type === "login-started" && event.method === "aws-cli") {
        // The AWS CLI prints its URL and code on this terminal: stop the spinner and clear its line
        // first (a TTY write is synchronous, so this lands before the child starts), then a plain line.
        clearTimer();
        hide();
        childHasTerminal = true;
        printInfo(event.message);
        // It prints its URL and code once, then nothing until it ends: a log gets a line now and then.
        stopPlainLines = startPlainProgress(
          () => "Waiting for aws sso login: the sign-in's approval",
          plainIntervalMs,
        );
        return;
      }
      if (event.type === "mfa-code-asked") {
        // The prompt takes the line: no spinner may draw over what is typed.
        mfaPromptsOpen++;
        clearTimer();
        hide();
        return;
      }
      if (event.type === "mfa-code-answered") {
        mfaPromptsOpen = Math.max(0, mfaPromptsOpen - 1);
        return;
      }
      if (event.type === "credentials-short" && options.quietShortCredentials) return;
      if (event.type === "warning" || event.type === "credentials-short") {
        // Without a terminal, a warning that the final error repeats would be noise: hold it until stop().
        if (!tty()) heldWarnings.push(event.message);
        else {
          spinner?.clear();
          printInfo(`${stderrColors.yellow("warning:")} ${event.message}`);
        }
        return;
      }
      if (tty()) show(event.message);
      // Without a terminal, only what a person waiting on a log needs: a login started, waited or ended.
      else if (
        LOGGED_EVENTS.has(event.type) &&
        !(event.type === "login-succeeded" && options.quietLoginSucceeded)
      )
        printInfo(event.message);
    },
    stop(error) {
      clearTimer();
      childHasTerminal = false;
      mfaPromptsOpen = 0;
      hide();
      const said = error instanceof Error ? error.message : "";
      for (const warning of heldWarnings.splice(0)) {
        if (!said.includes(warning)) printInfo(`${stderrColors.yellow("warning:")} ${warning}`);
      }
    },
  };
}
