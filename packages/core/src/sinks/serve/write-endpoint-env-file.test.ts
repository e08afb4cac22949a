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
  await writeEndpointEnvFile({ path, region: "eu-west-1", url, token: "t", env: fx.env });
  const folder = join(fx.home, ".aws", "ssoenv", "env-files");
  const records = await readdir(folder).catch(() => [] as string[]);
  expect(records).toHaveLength(1);
  const record = JSON.parse(await readFile(join(folder, records[0] as string), "utf8"));
  expect(record).toEqual({ path, values: { AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-west-1" } });
  // And it is used: a profile without a region (stg): the one written for dev goes.
  await writeEndpointEnvFile({ path, url, token: "t", env: fx.env });
  expect(await readFile(path, "utf8")).not.toContain("REGION");
});

// refresh has the session, and its region, in hand: reading ~/.aws/config again for each endpoint file
// cost 5.6 ms of CPU per file with a 500-profile config (56 s for 10,000 files).
it("writes the region it is given, under the file's names for it, without reading the AWS config", async () => {
  const project = join(fx.home, "project");
  await mkdir(project, { recursive: true });
  const path = join(project, "renamed.env");
  const env = { ...fx.env, AWS_CONFIG_FILE: join(fx.home, "no-such-config") };
  const url = "http://127.0.0.1:9/profiles/dev";
  await writeEndpointEnvFile({
    path,
    region: "eu-west-1",
    url,
    token: "t",
    keys: { AWS_REGION: "APP_REGION" },
    env,
  });
  expect(await readFile(path, "utf8")).toBe(
    `AWS_CONTAINER_CREDENTIALS_FULL_URI=${url}\nAWS_CONTAINER_AUTHORIZATION_TOKEN=t\nAPP_REGION=eu-west-1\nAWS_DEFAULT_REGION=eu-west-1\n`,
  );
});
