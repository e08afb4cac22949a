import { describe, expect, it } from "vitest";
import { isEnvFileName } from "./env-files-out-of-git.js";

describe("isEnvFileName", () => {
  it.each([
    [".env", true],
    ["config/.env.local", true],
    ["app.env", true],
    [".env.example", false],
    ["deploy/.env.sample", false],
    ["app.env.template", false],
    ["environment.ts", false],
    ["deploy.sh", false],
  ])("%s: %s", (path, expected) => {
    expect(isEnvFileName(path)).toBe(expected);
  });
});
