import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ourFiles, runRecordingModules } from "./support/record-modules.js";
import { useCliWorld } from "./support/use-cli-world.js";

const world = useCliWorld({ per: "file" });

describe("scan --staged (what the pre-commit hook runs on every commit)", () => {
  it("loads two bundles and no module the commit path does not use", async () => {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: world.project, stdio: "ignore" });
    git("init", "-q");
    await writeFile(join(world.project, "app.ts"), 'export const region = "eu-west-1";\n');
    git("add", "app.ts");

    const scan = await runRecordingModules(world, ["scan", "--staged"]);
    expect(scan.exitCode).toBe(0);
    expect(ourFiles(scan.loaded)).toEqual(["bin/ssoenv.cjs", "dist/bin.cjs", "dist/scan.cjs"]);
    // The CLI's other commands need these.
    for (const unused of [
      "NativeModule os",
      "NativeModule module",
      "NativeModule worker_threads",
      "NativeModule crypto",
      "NativeModule fs/promises",
      "NativeModule internal/modules/esm/loader",
    ]) {
      expect(scan.loaded.builtins).not.toContain(unused);
    }
  });
});
