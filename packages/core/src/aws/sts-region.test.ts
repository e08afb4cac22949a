import { describe, expect, it } from "vitest";
import { stsRegionOf } from "./sts-region.js";

describe("stsRegionOf: where ssoenv's STS calls go, as the AWS CLI v2 picks the region", () => {
  const profile = { name: "dev", region: "eu-west-1", ssoRegion: "ap-southeast-2" };

  it("AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region; an empty variable is unset", () => {
    expect(stsRegionOf(profile, { AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "sa-east-1" })).toEqual({
      region: "us-west-2",
      from: "AWS_REGION",
    });
    expect(stsRegionOf(profile, { AWS_REGION: "", AWS_DEFAULT_REGION: "sa-east-1" })).toEqual({
      region: "sa-east-1",
      from: "AWS_DEFAULT_REGION",
    });
    expect(stsRegionOf(profile, {})).toEqual({ region: "eu-west-1", from: "profile" });
  });

  it("no region anywhere: us-east-1, not the sso_region; outside the aws partition, the sso_region", () => {
    expect(stsRegionOf({ name: "dev", ssoRegion: "ap-southeast-2" }, {})).toEqual({
      region: "us-east-1",
      from: "default",
    });
    for (const ssoRegion of [
      "cn-north-1",
      "us-gov-west-1",
      "us-isob-east-1",
      "eu-isoe-west-1",
      "eusc-de-east-1",
    ]) {
      expect(stsRegionOf({ name: "dev", ssoRegion }, {})).toEqual({ region: ssoRegion, from: "default" });
    }
  });

  it("a variable that is no region name is refused, naming it (the AWS CLI refuses it too)", () => {
    expect(() => stsRegionOf(profile, { AWS_DEFAULT_REGION: "eu_west_1" })).toThrow(
      expect.objectContaining({
        code: "ENVIRONMENT_INVALID",
        message: expect.stringContaining('AWS_DEFAULT_REGION="eu_west_1" is not a region name'),
      }),
    );
  });
});
