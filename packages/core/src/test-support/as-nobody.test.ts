import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { folderNobodyCannotEnter } from "./as-nobody.js";

// A clone in `mktemp -d` (mode 700) as root: the tests that drop to uid 65534 cannot reach it.
describe("folderNobodyCannotEnter", () => {
  let top = "";
  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), "ssoenv-nobody-"));
    mkdirSync(join(top, "clone", "packages"), { recursive: true });
  });
  afterEach(() => {
    chmodSync(top, 0o700);
    rmSync(top, { recursive: true, force: true });
  });

  it("names the folder above the checkout that others may not search (mktemp -d's 700)", () => {
    chmodSync(top, 0o700);
    expect(folderNobodyCannotEnter(join(top, "clone", "packages"))).toBe(top);
  });

  it("names the checkout itself when it is the closed one", () => {
    chmodSync(top, 0o711);
    chmodSync(join(top, "clone"), 0o750);
    expect(folderNobodyCannotEnter(join(top, "clone", "packages"))).toBe(join(top, "clone"));
  });

  it("finds none when every folder on the way lets others search it (.ci/run's chmod o+x)", () => {
    chmodSync(top, 0o701);
    expect(folderNobodyCannotEnter(join(top, "clone", "packages"))).toBeUndefined();
  });
});
