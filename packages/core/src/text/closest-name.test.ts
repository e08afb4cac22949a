import { describe, expect, it } from "vitest";
import { closestName } from "./closest-name.js";

describe("closestName", () => {
  it.each([
    ["dve", ["default", "dev", "stg"], "dev"],
    ["Dev", ["dev"], "dev"],
    ["dryrun", ["dryRun", "prune"], "dryRun"],
    ["sso-session", ["sso_session"], "sso_session"],
    ["snyc", ["sync", "list"], "sync"],
    // the nearer of two within reach
    ["stgg", ["stg", "stage"], "stg"],
  ])("%s among %j: %s", (typed, known, meant) => {
    expect(closestName(typed, known)).toBe(meant);
  });

  it.each([
    // two edits, but nothing of the word left: no guess
    ["x", ["qa"]],
    ["nothere", ["default", "dev"]],
    ["dev", []],
  ])("%s among %j: none", (typed, known) => {
    expect(closestName(typed, known)).toBeUndefined();
  });
});
