import { describe, expect, it } from "vitest";
import { rejection } from "../test-support/rejection.js";
import { measureClockSkew } from "./measure-clock-skew.js";

describe("measureClockSkew without a region: the environment's, read as every ssoenv STS call reads it", () => {
  it("an AWS_REGION that is no region name is said so (as the AWS CLI says), not 'could not be reached'", async () => {
    const error = await rejection(
      measureClockSkew({ env: { AWS_REGION: "eu_west_1", SSOENV_NETWORK_BUDGET: "3s" }, timeoutMs: 1000 }),
    );
    expect(error.code).toBe("ENVIRONMENT_INVALID");
    expect(error.message).toMatch(/^AWS_REGION="eu_west_1" is not a region name/);
  });

  it("an empty AWS_REGION is unset: AWS_DEFAULT_REGION's is asked", async () => {
    const error = await rejection(
      measureClockSkew({ env: { AWS_REGION: "", AWS_DEFAULT_REGION: "us east 1" }, timeoutMs: 1000 }),
    );
    expect(error.code).toBe("ENVIRONMENT_INVALID");
    expect(error.message).toMatch(/^AWS_DEFAULT_REGION="us east 1" is not a region name/);
  });
});
