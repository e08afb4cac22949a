#!/usr/bin/env node
// A scripted browser for end-to-end login tests, used as BROWSER: it opens the URL it is given and
// follows a redirect back to the login's loopback callback, as a person's browser would after
// signing in. It appends what it saw, one JSON line each, to $FAKE_BROWSER_LOG.
// FAKE_BROWSER_FORGE=1: before the real callback, it sends a forged one (another state) and one
// without a code, which the login must answer with an error page and ignore.
// Its last line is always {"done":true}: a test waits for it before it deletes the folder the log is
// in (a login may return before its browser has finished; a write during the delete fails it).
import { appendFileSync } from "node:fs";

const url = process.argv[2] ?? "";
const record = (entry) =>
  appendFileSync(process.env.FAKE_BROWSER_LOG ?? "/dev/null", `${JSON.stringify(entry)}\n`);
const visit = async (target) => {
  const res = await fetch(target, { redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), page: await res.text() };
};

try {
  record({ opened: url });
  const first = await visit(url);
  if (!first.location) {
    record({ status: first.status, page: first.page.slice(0, 300) });
  } else {
    const callback = new URL(first.location, url);
    record({ redirectedTo: `${callback.origin}${callback.pathname}` });
    if (process.env.FAKE_BROWSER_FORGE === "1") {
      const forged = new URL(callback);
      forged.searchParams.set("state", "forged-state");
      forged.searchParams.set("code", "forged-code");
      const answer = await visit(forged);
      record({ forged: answer.status, page: answer.page });
      const noCode = new URL(`${callback.origin}${callback.pathname}`);
      noCode.searchParams.set("state", callback.searchParams.get("state") ?? "");
      const answer2 = await visit(noCode);
      record({ noCode: answer2.status, page: answer2.page });
    }
    const answer = await visit(callback);
    record({ callback: answer.status, page: answer.page });
  }
} catch (error) {
  record({ error: String(error) });
} finally {
  record({ done: true });
}
