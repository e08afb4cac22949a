import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "dotenv";
import { describe, expect, it } from "vitest";
import { runPython, skipWithoutBoto3 } from "./support/boto3.js";
import { useCliWorld } from "./support/use-cli-world.js";

// A profile's region goes into a refreshed .env twice: AWS_REGION (JS SDK) and AWS_DEFAULT_REGION
// (the only one boto3 and AWS CLI v1 read).

const world = useCliWorld({ loggedIn: true });

let n = 0;
async function freshProject(): Promise<string> {
  const dir = join(world.project, `regions-${n++}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

describe("refresh writes both region variables", () => {
  it("replaces stale values of both, keeping every other byte", async () => {
    const cwd = await freshProject();
    const before =
      "# settings\r\nexport AWS_REGION=us-east-1\r\nAWS_DEFAULT_REGION='ap-south-1' # old one\r\n\r\nPORT=3000";
    await writeFile(join(cwd, ".env"), before);
    const result = await world.run(["refresh", "--profile", "dev"], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const after = await readFile(join(cwd, ".env"), "utf8");
    expect(parse(after)).toMatchObject({
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
      PORT: "3000",
    });
    // each line kept in place with its prefix, quoting and comment; only the values changed
    expect(
      after.startsWith(
        "# settings\r\nexport AWS_REGION=eu-west-1\r\nAWS_DEFAULT_REGION='eu-west-1' # old one\r\n\r\nPORT=3000\r\n",
      ),
    ).toBe(true);
  });

  it("writes AWS_DEFAULT_REGION under its own name when ssoenv.toml renames only AWS_REGION", async () => {
    const cwd = await freshProject();
    await writeFile(
      join(cwd, "ssoenv.toml"),
      'profile = "dev"\n[[env_files]]\npath = ".env"\n[env_files.keys]\nAWS_REGION = "APP_REGION"\n',
    );
    const result = await world.run(["refresh"], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const values = parse(await readFile(join(cwd, ".env")));
    expect(values).toMatchObject({ APP_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-west-1" });
    expect(values.AWS_REGION).toBeUndefined();
  });

  it("writes no region for a profile without one", async () => {
    const cwd = await freshProject();
    const result = await world.run(["refresh", "--profile", "stg"], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const values = parse(await readFile(join(cwd, ".env")));
    expect(values.AWS_REGION).toBeUndefined();
    expect(values.AWS_DEFAULT_REGION).toBeUndefined();
  });

  it.skipIf(skipWithoutBoto3())(
    "boto3 reads the region and the credentials of the refreshed file",
    async () => {
      const cwd = await freshProject();
      await writeFile(join(cwd, ".env"), "AWS_DEFAULT_REGION=us-west-2\n");
      expect((await world.run(["refresh", "--profile", "dev"], { cwd })).exitCode).toBe(0);
      const values = parse(await readFile(join(cwd, ".env")));
      const script = [
        "import boto3, os",
        "session = boto3.Session()",
        "sts = session.client('sts', endpoint_url=os.environ['STS_URL'])",
        "print(session.region_name, sts.get_caller_identity()['Account'])",
      ].join("\n");
      const out = await runPython(script, { ...values, HOME: world.home, STS_URL: world.emulator.url });
      expect(out.trim()).toBe("eu-west-1 111111111111");
    },
  );
});
