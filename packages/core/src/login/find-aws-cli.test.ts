import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { AWS_CLI_V2, awsCliV2Version, skipWithoutAwsCliV2 } from "../test-support/aws-cli.js";
import { findAwsCli, parseAwsCliVersion, requireAwsCli } from "./find-aws-cli.js";

/** A real executable that answers `--version` like an AWS CLI of the given version. */
async function fakeAws(dir: string, version: string, stream: "stdout" | "stderr"): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, "aws");
  const redirect = stream === "stderr" ? " >&2" : "";
  await writeFile(
    path,
    `#!/bin/sh\necho "aws-cli/${version} Python/3.9.2 Linux/6.1 botocore/1.31.0"${redirect}\n`,
    { mode: 0o755 },
  );
  return path;
}

describe("findAwsCli", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ssoenv-awscli-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("parses the version line of v1 and v2", () => {
    expect(
      parseAwsCliVersion("aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off"),
    ).toBe("2.9.19");
    expect(parseAwsCliVersion("aws-cli/1.29.0 Python/3.9 Linux/5 botocore/1.31.0")).toBe("1.29.0");
    expect(parseAwsCliVersion("bash: aws: not found")).toBeUndefined();
  });

  it.skipIf(skipWithoutAwsCliV2())(
    "skips a v1 that comes first on PATH and picks the v2 after it",
    async () => {
      const v1 = await fakeAws(join(dir, "v1"), "1.29.0", "stderr");
      const search = await findAwsCli({ env: { PATH: `${join(dir, "v1")}:/usr/bin` } });
      expect(search.cli).toEqual({ path: AWS_CLI_V2, version: awsCliV2Version });
      expect(search.found[0]).toEqual({ path: v1, version: "1.29.0" });
    },
  );

  it("AWS_CLI_TOO_OLD lists what it found and says what to install", async () => {
    await fakeAws(join(dir, "v1"), "1.29.0", "stderr");
    await fakeAws(join(dir, "v28"), "2.8.9", "stdout");
    const error = await requireAwsCli({ env: { PATH: `${join(dir, "v1")}:${join(dir, "v28")}` } }).catch(
      (e: unknown) => e,
    );
    expect(isSsoenvError(error, "AWS_CLI_TOO_OLD")).toBe(true);
    expect((error as Error).message).toContain("aws-cli/1.29.0");
    expect((error as Error).message).toContain("aws-cli/2.8.9");
    expect((error as { hint: string }).hint).toContain("mise use -g awscli");
    expect((error as { hint: string }).hint).toContain("awscli");
  });

  it("lists an AWS CLI reached by several paths (symlinks) once", async () => {
    const v1 = await fakeAws(join(dir, "v1"), "1.29.0", "stderr");
    await mkdir(join(dir, "link"));
    await symlink(v1, join(dir, "link", "aws"));
    const search = await findAwsCli({ env: { PATH: `${join(dir, "link")}:${join(dir, "v1")}` } });
    expect(search.found).toEqual([{ path: join(dir, "link", "aws"), version: "1.29.0" }]);
  });

  it("reads the version even when the config file is one the AWS CLI refuses", async () => {
    const path = join(dir, "picky", "aws");
    await mkdir(join(dir, "picky"));
    // Like the AWS CLI: no version, only "Unable to parse config file", on a config it cannot parse.
    await writeFile(
      path,
      `#!/bin/sh\nif [ -s "$AWS_CONFIG_FILE" ]; then echo "Unable to parse config file: $AWS_CONFIG_FILE" >&2; exit 255; fi\necho "aws-cli/2.31.4 Python/3.11"\n`,
      { mode: 0o755 },
    );
    const config = join(dir, "config");
    await writeFile(config, "[profile dev\n");
    const search = await findAwsCli({ env: { PATH: join(dir, "picky"), AWS_CONFIG_FILE: config } });
    expect(search.cli).toEqual({ path, version: "2.31.4" });
  });

  it("AWS_CLI_MISSING when no aws is on PATH", async () => {
    const error = await requireAwsCli({ env: { PATH: dir } }).catch((e: unknown) => e);
    expect(isSsoenvError(error, "AWS_CLI_MISSING")).toBe(true);
    expect((error as { hint: string }).hint).toContain("--method native");
  });

  it("accepts a v2 of 2.9.0 or later", async () => {
    const path = await fakeAws(join(dir, "new"), "2.31.4", "stdout");
    expect((await findAwsCli({ env: { PATH: join(dir, "new") } })).cli).toEqual({ path, version: "2.31.4" });
  });
});
