import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "dotenv";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { CLI_BIN } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// The region ssoenv env's shell lines give the shell that evaluates them: the one ssoenv exec gives
// its command (a region the caller has stays, under both names), so `eval "$(ssoenv env)"` does not
// move the user's AWS_REGION to the profile's. dotenv and json are for elsewhere: the profile's.

const world = useCliWorld({ loggedIn: true });

// dev's region is eu-west-1.
const GIVEN: [Record<string, string>, string][] = [
  [{ AWS_REGION: "eu-north-1" }, "eu-north-1"],
  [{ AWS_DEFAULT_REGION: "eu-north-1" }, "eu-north-1"],
  [{ AWS_REGION: "eu-north-1", AWS_DEFAULT_REGION: "ap-south-1" }, "eu-north-1"],
  [{}, "eu-west-1"],
];
const SHOW = 'printf "%s %s" "$AWS_REGION" "$AWS_DEFAULT_REGION"';

describe("env keeps the caller's region, as exec does", () => {
  it.each(GIVEN)(
    "sh: after eval in a shell with %o, both names hold %s, as exec's command sees",
    async (given, region) => {
      const env = { ...world.env, ...given };
      const script = `eval "$("${process.execPath}" -- "${CLI_BIN}" env --profile dev)" && ${SHOW}`;
      const evaluated = await execa("sh", ["-c", script], { env, extendEnv: false });
      expect(evaluated.stdout).toBe(`${region} ${region}`);
      const exec = await world.run(["exec", "--profile", "dev", "--", "sh", "-c", SHOW], { env: given });
      expect(exec.exitCode, exec.stderr).toBe(0);
      expect(evaluated.stdout).toBe(exec.stdout);
    },
  );

  it.each([
    ["fish", "set -gx AWS_REGION 'eu-north-1';\nset -gx AWS_DEFAULT_REGION 'eu-north-1';\n"],
    ["powershell", "$Env:AWS_REGION = 'eu-north-1'\n$Env:AWS_DEFAULT_REGION = 'eu-north-1'\n"],
  ])("%s: sets the caller's AWS_DEFAULT_REGION under both names", async (format, lines) => {
    const result = await world.run(["env", "--profile", "dev", "--format", format], {
      env: { AWS_DEFAULT_REGION: "eu-north-1" },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.slice(-lines.length)).toBe(lines);
  });

  it("dotenv, json and refresh's .env keep the profile's region: they are read elsewhere, later", async () => {
    const given = { AWS_REGION: "eu-north-1", AWS_DEFAULT_REGION: "eu-north-1" };
    const profiles = { AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-west-1" };
    const dotenv = await world.run(["env", "--profile", "dev", "--format", "dotenv"], { env: given });
    expect(parse(dotenv.stdout)).toMatchObject(profiles);
    const json = await world.run(["env", "--profile", "dev", "--format", "json"], { env: given });
    expect(JSON.parse(json.stdout)).toMatchObject(profiles);
    const refresh = await world.run(["refresh", "--profile", "dev"], { env: given });
    expect(refresh.exitCode, refresh.stderr).toBe(0);
    expect(parse(await readFile(join(world.project, ".env")))).toMatchObject(profiles);
  });
});
