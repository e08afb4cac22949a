import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useCliWorld } from "../cli/support/use-cli-world.js";
import { type ServeProcess, startServe } from "./support/serve-world.js";

// `ssoenv serve --env-file F` writes the endpoint and its bearer token into F. A file git would
// commit is said as `ssoenv refresh` says it, with the line that lists it in .gitignore: before
// this, serve was silent and `git add -A && git commit` took serve.env, token and all.

describe("ssoenv serve --env-file and git", () => {
  const world = useCliWorld({ loggedIn: true });
  let serve: ServeProcess | undefined;

  beforeAll(async () => {
    execFileSync("git", ["init", "-q"], { cwd: world.project });
    await writeFile(join(world.project, ".gitignore"), ".env\n");
  });

  afterEach(async () => {
    serve?.child.kill("SIGTERM");
    await serve?.exited;
    serve = undefined;
  });

  it("warns that a file git would commit is not git-ignored, with the line that lists it", async () => {
    serve = await startServe(world, ["--profile", "dev"], { envFile: "serve.env" });
    const path = join(world.project, "serve.env");
    expect(serve.log()).toContain(
      `warning: ${path} is not git-ignored: add it to .gitignore (echo serve.env >> ${join(world.project, ".gitignore")})`,
    );
  });

  it("says nothing of git for a file .gitignore lists", async () => {
    serve = await startServe(world, ["--profile", "dev"], { envFile: ".env" });
    expect(serve.log()).not.toContain("git");
  });
});
