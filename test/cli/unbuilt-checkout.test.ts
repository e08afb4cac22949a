import { spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

// A fresh clone after `pnpm install` alone (or before it): the committed bins exist, what they run does
// not. A newcomer got Node.js's stack ("Cannot find module '../dist/bin.cjs'"), not the command to run.
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The bin and its package.json copied into a checkout-shaped folder with no dist/ beside them. */
async function unbuilt(bin: string): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), "ssoenv-unbuilt-"));
  const copy = join(dir, bin);
  await mkdir(join(copy, ".."), { recursive: true });
  await copyFile(join(REPO_ROOT, bin), copy);
  const manifest = join(bin, "../../package.json");
  await copyFile(join(REPO_ROOT, manifest), join(dir, manifest));
  return copy;
}

describe("a checkout that is not built", () => {
  it.each([
    ["packages/cli/bin/ssoenv.cjs", "ssoenv", "packages/cli/dist/bin.cjs"],
    ["packages/emulator/bin/ssoenv-emulator.js", "ssoenv-emulator", "packages/emulator/dist/bin.js"],
  ])("%s: one line naming the missing build and the command to run, exit 2", async (bin, name, built) => {
    const result = spawnSync(process.execPath, [await unbuilt(bin), "--help"], { encoding: "utf8" });
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `${name}: this checkout is not built (${built} is missing)\nhint: pnpm install && pnpm build, at the checkout's root\n`,
    );
    expect(result.status).toBe(2);
  });
});
