import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { partitionOf } from "./aws-partition.js";

// The SDK's own partition(), the one its clients' endpoint rules use: @aws-sdk/core is not ours to
// import, so it is found where the STS client (our dependency) finds it.
const sdkRequire = createRequire(createRequire(import.meta.url).resolve("@aws-sdk/client-sts"));
const { partition: sdkPartition } = sdkRequire("@aws-sdk/core/client") as {
  partition: (region: string) => { name: string; dnsSuffix: string; dualStackDnsSuffix: string };
};
/**
 * Every region the SDK's partitions data lists (v3.981, its `*-global` ones too), and names it knows
 * only by their pattern (a region AWS opens later) or not at all (the default, aws).
 */
const REGIONS = [
  ...["af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3"],
  ...["ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4"],
  ...["ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "aws-global", "ca-central-1", "ca-west-1"],
  ...["eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2"],
  ...["eu-west-3", "il-central-1", "me-central-1", "me-south-1", "me-west-1", "mx-central-1", "sa-east-1"],
  ...["sa-west-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2"],
  ...["aws-cn-global", "cn-north-1", "cn-northwest-1", "eusc-de-east-1"],
  ...[
    "aws-iso-global",
    "us-iso-east-1",
    "us-iso-west-1",
    "aws-iso-b-global",
    "us-isob-east-1",
    "us-isob-west-1",
  ],
  ...["aws-iso-e-global", "eu-isoe-west-1", "aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
  ...["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
  ...[
    "ap-future-9",
    "cn-future-2",
    "eusc-de-west-1",
    "us-gov-north-3",
    "xx-unknown-1",
    "local",
    "eu-west-1a",
  ],
];

describe("partitionOf: one rule, the AWS SDK's", () => {
  it.each(REGIONS)("%s: the partition, DNS suffix and dual-stack suffix the SDK gives", (region) => {
    const sdk = sdkPartition(region);
    expect(partitionOf(region)).toEqual({
      name: sdk.name,
      dnsSuffix: sdk.dnsSuffix,
      dualStackDnsSuffix: sdk.dualStackDnsSuffix,
    });
  });
});
