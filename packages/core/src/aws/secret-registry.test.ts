import { describe, expect, it } from "vitest";
import { MAX_REMEMBERED_SECRETS, redactSecrets, rememberSecret } from "./secret-registry.js";

const fresh = (label: string) => `${label}-${Math.random().toString(36).slice(2)}-${Date.now()}`;

describe("the secret registry", () => {
  it("keeps the most recently seen secrets only, so a long-running process does not grow without end", () => {
    const forgotten = fresh("old");
    const seenAgain = fresh("again");
    rememberSecret(forgotten);
    rememberSecret(seenAgain);
    for (let i = 0; i < MAX_REMEMBERED_SECRETS - 1; i++) {
      rememberSecret(fresh(`n${i}`));
      // A secret a later request carries again (an access token) is remembered again: it stays.
      if (i % 100 === 0) rememberSecret(seenAgain);
    }
    const newest = fresh("newest");
    rememberSecret(newest);
    expect(redactSecrets(`${newest} ${seenAgain}`)).toBe("[redacted] [redacted]");
    // Seen once, then more than MAX_REMEMBERED_SECRETS others: no longer held.
    expect(redactSecrets(forgotten)).toBe(forgotten);
  });
});
