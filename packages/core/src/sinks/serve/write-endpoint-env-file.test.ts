import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { useSsoFixture } from "../../test-support/use-sso-fixture.js";
import { writeEndpointEnvFile } from "./write-endpoint-env-file.js";

const fx = useSsoFixture();

// A script (or a test) passing its own env: the server state goes under that HOME, and so must the
// record of the region written, or a later write under the same env cannot find it.
it("keeps the record of the region it wrote under the HOME of the env it is given", async () => {
  const project = join(fx.home, "project");
  await mkdir(project, { recursive: true });
  const path = join(project, ".env");
  const url = "http://127.0.0.1:9/profiles/dev";
  await writeEndpointEnvFile({ path, profile: "dev", url, token: "t", env: fx.env });
  const folder = join(fx.home, ".aws", "ssoenv", "env-files");
  const records = await readdir(folder).catch(() => [] as string[]);
  expect(records).toHaveLength(1);
  const record = JSON.parse(await readFile(join(folder, records[0] as string), "utf8"));
  expect(record).toEqual({ path, values: { AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-west-1" } });
  // And it is used: stg has no region, so the one written for dev goes.
  await writeEndpointEnvFile({ path, profile: "stg", url, token: "t", env: fx.env });
  expect(await readFile(path, "utf8")).not.toContain("REGION");
});
