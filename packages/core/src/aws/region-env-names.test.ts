import { describe, expect, it } from "vitest";
import { isRegionEnvName, regionFromEnv } from "./region-env-names.js";

describe("regionFromEnv", () => {
  it("takes AWS_REGION over AWS_DEFAULT_REGION, as the AWS CLI v2 does", () => {
    expect(regionFromEnv({ AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-east-2" })).toEqual({
      name: "AWS_REGION",
      region: "eu-west-1",
    });
  });

  it("takes an empty variable as unset", () => {
    expect(regionFromEnv({ AWS_REGION: "", AWS_DEFAULT_REGION: "us-east-2" })).toEqual({
      name: "AWS_DEFAULT_REGION",
      region: "us-east-2",
    });
    expect(regionFromEnv({ AWS_REGION: "", AWS_DEFAULT_REGION: "" })).toBeUndefined();
  });
});

describe("isRegionEnvName", () => {
  it("is true for the two region variables only", () => {
    expect(
      ["AWS_REGION", "AWS_DEFAULT_REGION", "region", "sso_region", undefined].map(isRegionEnvName),
    ).toEqual([true, true, false, false, false]);
  });
});
