import { describe, expect, it } from "vitest";
import { hookNodeOf, preCommitHookScript } from "./pre-commit-hook.js";

describe("hookNodeOf", () => {
  it.each([process.execPath, "/home/o'brien/.nvm/versions/node/v24.1.0/bin/node"])(
    "reads back the Node.js a hook was written with (%s)",
    (node) => {
      expect(hookNodeOf(preCommitHookScript({ node }))).toBe(node);
    },
  );

  it("is undefined for a hook that names none (another tool's)", () => {
    expect(hookNodeOf('#!/bin/sh\nexec git secrets --pre_commit_hook -- "$@"\n')).toBeUndefined();
  });
});
