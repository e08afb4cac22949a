import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "dotenv";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { CLI_BIN } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

// The region ssoenv env's lines give: the profile's, in every format. A shell that already has an
// AWS_REGION most often got it from an earlier `eval "$(ssoenv env --profile other)"`: keeping it would
// send the new profile's calls to the old profile's region. (exec keeps the caller's, as the AWS CLI does.)

const world = useCliWorld({ loggedIn: true });

const SHOW = 'printf "%s %s" "$AWS_REGION" "$AWS_DEFAULT_REGION"';

describe("env gives the profile's region", () => {
  it("sh: after eval in a shell left with another profile's region, both names hold dev's", async () => {
    const env = { ...world.env, AWS_REGION: "eu-north-1", AWS_DEFAULT_REGION: "eu-north-1" };
    const script = `eval "$("${process.execPath}" -- "${CLI_BIN}" env --profile dev)" && ${SHOW}`;
    const evaluated = await execa("sh", ["-c", script], { env, extendEnv: false });
    expect(evaluated.stdout).toBe("eu-west-1 eu-west-1");
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
