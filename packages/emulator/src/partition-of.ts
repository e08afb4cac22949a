/**
 * The AWS partition of a region, by the name patterns of the AWS SDK's partitions data (aws-cn,
 * aws-us-gov, aws-eusc, the aws-iso ones; any other name is aws). Each partition has its own IAM:
 * keys issued in one are unknown to another's STS. The emulator's own copy: it imports nothing of
 * ssoenv's (ssoenv's is @ssoenv/core's aws/aws-partition.ts).
 */
export function partitionOf(region: string): string {
  const found = PATTERNS.find(([, pattern]) => pattern.test(region));
  return found ? found[0] : "aws";
}

const PATTERNS: readonly (readonly [string, RegExp])[] = [
  ["aws-cn", /^cn-\w+-\d+$/],
  ["aws-us-gov", /^us-gov-\w+-\d+$/],
  ["aws-eusc", /^eusc-de-\w+-\d+$/],
  ["aws-iso", /^us-iso-\w+-\d+$/],
  ["aws-iso-b", /^us-isob-\w+-\d+$/],
  ["aws-iso-e", /^eu-isoe-\w+-\d+$/],
  ["aws-iso-f", /^us-isof-\w+-\d+$/],
];
