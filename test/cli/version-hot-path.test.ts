import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ourFiles, runRecordingModules } from "./support/record-modules.js";
import { useCliWorld } from "./support/use-cli-world.js";

const world = useCliWorld({ per: "file" });

describe("ssoenv --version", () => {
  it("answers from dist/bin.cjs alone, without commander or Node.js's ES module loader", async () => {
    const { version } = JSON.parse(
      await readFile(new URL("../../packages/cli/package.json", import.meta.url), "utf8"),
    ) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const result = await runRecordingModules(world, [flag]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(`${version}\n`);
      expect(ourFiles(result.loaded)).toEqual(["bin/ssoenv.cjs", "dist/bin.cjs"]);
      // The ES module loader alone cost --version ~22 M instructions (node -e 0: ~78 M).
      expect(result.loaded.builtins).not.toContain("NativeModule internal/modules/esm/loader");
    }
  });
});
