import { writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readSignInFingerprint } from "./sign-in-fingerprint.js";

describe("readSignInFingerprint", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ssoenv-fingerprint-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const token = (n: number) =>
    JSON.stringify({ accessToken: `access-${n}-not-a-real-token`, refreshToken: `refresh-${n}-not-real` });

  // AWS CLI 2.9.19's botocore (awscli/botocore/utils.py, JSONFileCache.__setitem__) opens the token
  // file O_WRONLY|O_CREAT, truncates it and writes: a reader in between sees an empty or half file.
  it("reads again a file caught half-written by the AWS CLI, instead of taking it for a logout", async () => {
    const path = join(dir, "token.json");
    const whole = token(2);
    writeFileSync(path, whole.slice(0, 20));
    // The first read happens before this call returns; the writer finishes right after it.
    const reading = readSignInFingerprint(path);
    writeFileSync(path, whole);
    const fingerprint = await reading;
    writeFileSync(join(dir, "other.json"), whole);
    expect(fingerprint?.accessToken).toBe(
      (await readSignInFingerprint(join(dir, "other.json")))?.accessToken,
    );
    expect(fingerprint?.refreshToken).toBeDefined();
  });

  it("an empty file (truncated, not yet written) is read again too", async () => {
    const path = join(dir, "token.json");
    writeFileSync(path, "");
    const reading = readSignInFingerprint(path);
    writeFileSync(path, token(3));
    expect(await reading).toMatchObject({ tokenPath: path, accessToken: expect.any(String) });
  });

  it("a file that stays broken, or is gone, is no sign-in", async () => {
    const path = join(dir, "token.json");
    writeFileSync(path, "{ not json");
    expect(await readSignInFingerprint(path)).toBeUndefined();
    expect(await readSignInFingerprint(join(dir, "missing.json"))).toBeUndefined();
  });
});
