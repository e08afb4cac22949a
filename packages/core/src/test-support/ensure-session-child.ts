// Run by the concurrency test in a separate process: one ensureSession call, result on stdout as JSON.
import { ensureSession } from "../session/ensure-session.js";

try {
  const session = await ensureSession({
    profile: process.env.CHILD_PROFILE ?? "dev",
    env: process.env,
    interactive: true,
    noBrowser: true,
    login: "native",
    onPrompt: () => {},
    // Progress on stderr, one event type per line, so the test can see who waits for the lock.
    onEvent: (event) => process.stderr.write(`EVENT ${event.type}\n`),
  });
  process.stdout.write(JSON.stringify({ ok: true, account: session.identity.account }));
} catch (error) {
  process.stdout.write(
    JSON.stringify({ ok: false, code: (error as { code?: string }).code, message: String(error) }),
  );
  process.exitCode = 1;
}
