import { describe, expect, it } from "vitest";
import { isAcceptedRegion, isRegionName } from "./region-name.js";

describe("isRegionName", () => {
  it.each([
    "us-east-1",
    "eu-central-1",
    "ap-southeast-5",
    "us-gov-west-1",
    "cn-northwest-1",
    "eusc-de-east-1",
    "aws-global",
  ])("takes %s", (region) => expect(isRegionName(region)).toBe(true));

  it.each([
    "us-east1",
    "US-EAST-1",
    "Frankfurt",
    "eu-central-1a",
    "eu-west-",
    "",
    " us-east-1",
    "us-east-1 ",
  ])("refuses %j", (value) => expect(isRegionName(value)).toBe(false));
});

describe("isAcceptedRegion: what the AWS CLI takes as a region (botocore's validate_region_name)", () => {
  it.each(["us-east-1", "us-east1", "US-EAST-1", "Frankfurt", "aws-global"])("takes %s", (region) =>
    expect(isAcceptedRegion(region)).toBe(true),
  );

  it.each(["eu_west_1", "us east 1", "eu-west-1.", "-eu-west-1", "eu-west-", "123", "", "a".repeat(64)])(
    "refuses %j",
    (value) => expect(isAcceptedRegion(value)).toBe(false),
  );
});
