import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { updateEnvFile } from "./update-env-file.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ssoenv-owned-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The record is a memory of our own lines, kept best effort: without a HOME to keep it in, the file is
// still written and the call succeeds (it used to throw ENVIRONMENT_INVALID after writing the file).
it("writes a file with owned keys and resolves when the env has no HOME for the record", async () => {
  const path = join(dir, ".env");
  const result = await updateEnvFile({
    path,
    values: { AWS_REGION: "eu-west-1" },
    owned: ["AWS_REGION"],
    env: {},
  });
  expect(result.changedKeys).toEqual(["AWS_REGION"]);
  expect(await readFile(path, "utf8")).toBe("AWS_REGION=eu-west-1\n");
});
