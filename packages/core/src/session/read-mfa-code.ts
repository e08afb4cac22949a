import type { MfaCodeReader } from "./session-types.js";

/**
 * The prompt asked last, settled or not: the next waits for it. Profiles after a sign-in's first go in
 * parallel (ensureSessions), and two prompts at once on one terminal would share the line typed.
 */
let lastPrompt: Promise<unknown> = Promise.resolve();

/**
 * Reads an MFA code on the terminal: "Enter MFA code for <mfa_serial>: " on stderr, as the AWS CLI
 * asks, and the line typed on stdin; one prompt at a time. The input is echoed (the AWS CLI hides it,
 * but a code is worth nothing once used, and seeing it helps to type six digits).
 */
export const readMfaCodeFromTerminal: MfaCodeReader = (request) => {
  const turn = lastPrompt.then(() => askOnTerminal(request));
  lastPrompt = turn.catch(() => {});
  return turn;
};

const askOnTerminal: MfaCodeReader = async ({ mfaSerial, signal }) => {
  // Loaded here: only a profile with mfa_serial asks, and readline is not free to load.
  const { createInterface } = await import("node:readline/promises");
  const terminal = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await terminal.question(`Enter MFA code for ${mfaSerial}: `, signal ? { signal } : {});
  } finally {
    terminal.close();
  }
};
