import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsHome, createAwsHome } from "../test-support/create-aws-home.js";
import { rejection } from "../test-support/rejection.js";
import { loadSsoSessionProfile, ssoSessionNotFound } from "./load-sso-sessions.js";

let aws: AwsHome;
beforeEach(async () => {
  aws = await createAwsHome({ config: "" });
});
afterEach(() => aws.remove());

// A first `ssoenv profiles sync` or `login --sso-session` before any `aws configure`: the file is
// missing, not a file without the section.
describe("an sso-session asked for where there is no config file", () => {
  beforeEach(() => rm(aws.configPath));

  it("any sso-session (profiles sync): says the file does not exist", async () => {
    const error = await ssoSessionNotFound({ known: [], env: { HOME: aws.home } });
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe(
      `No [sso-session] section: the AWS config file ${aws.configPath} does not exist`,
    );
    expect(error.hint).toBe("aws configure sso-session (or set AWS_CONFIG_FILE to your config file)");
  });

  it("a named one (login --sso-session corp): the same", async () => {
    const error = await rejection(loadSsoSessionProfile({ ssoSession: "corp", env: { HOME: aws.home } }));
    expect(error.message).toBe(
      `There is no [sso-session corp]: the AWS config file ${aws.configPath} does not exist`,
    );
    expect(error.hint).toBe("aws configure sso-session (or set AWS_CONFIG_FILE to your config file)");
  });

  it("AWS_CONFIG_FILE naming a missing file: names the variable", async () => {
    const typo = join(aws.home, "aws-confg");
    const error = await ssoSessionNotFound({ known: [], env: { HOME: aws.home, AWS_CONFIG_FILE: typo } });
    expect(error.message).toBe(
      `No [sso-session] section: AWS_CONFIG_FILE names ${typo}, which does not exist`,
    );
    expect(error.hint).toBe(
      "fix AWS_CONFIG_FILE, or unset it to use ~/.aws/config (or create the file: aws configure sso-session)",
    );
  });
});

describe("a config file without the sso-session", () => {
  it("lists those there, or says to add one", async () => {
    const none = await ssoSessionNotFound({ known: [], env: { HOME: aws.home } });
    expect(none.message).toBe(`${aws.configPath} has no [sso-session] section`);
    const named = await ssoSessionNotFound({ name: "crop", known: ["corp"], env: { HOME: aws.home } });
    expect(named.message).toBe(`There is no [sso-session crop] in ${aws.configPath} (there: corp)`);
  });

  // The option to write, as a profile not found gives it (the CLI writes it as --sso-session corp).
  it("gives the option that fixes it: the one meant, the only one there, or how to see them all", async () => {
    const env = { HOME: aws.home };
    const typo = await ssoSessionNotFound({ name: "crop", known: ["corp", "other"], env });
    expect(typo.hint).toBe('did you mean corp? { ssoSession: "corp" }');
    const only = await ssoSessionNotFound({ name: "nope", known: ["corp"], env });
    expect(only.hint).toBe('the only one there: { ssoSession: "corp" }');
    const several = await ssoSessionNotFound({ name: "nope", known: ["corp", "other"], env });
    expect(several.hint).toBe(
      'name one of those: { ssoSession: "corp" }, or another (ssoenv sessions lists them with their profiles)',
    );
  });
});
