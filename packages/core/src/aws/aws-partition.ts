/** An AWS partition: a set of regions with their own accounts, IAM, endpoints and console. */
export interface AwsPartition {
  /** `aws`, `aws-cn`, `aws-us-gov`, `aws-eusc`, `aws-iso`, `aws-iso-b`, `aws-iso-e` or `aws-iso-f`. */
  name: PartitionName;
  /** Of its endpoints: `https://sts.<region>.<dnsSuffix>`. */
  dnsSuffix: string;
  /** Of its dual-stack (IPv6) endpoints. */
  dualStackDnsSuffix: string;
}

export type PartitionName = (typeof PARTITIONS)[number]["name"];

/**
 * The AWS SDK for JavaScript v3's partitions (its partitions.json, in @aws-sdk/core's util-endpoints,
 * v3.981): the names, suffixes and region patterns its endpoint rules use. A copy, because the SDK's
 * `partition()` loads @smithy/core with it (~40 ms of CPU) on paths that need no SDK client;
 * aws-partition.test.ts checks it against the SDK's own for every region the SDK lists.
 */
const PARTITIONS = [
  {
    name: "aws",
    pattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    dnsSuffix: "amazonaws.com",
    dualStackDnsSuffix: "api.aws",
  },
  {
    name: "aws-cn",
    pattern: /^cn-\w+-\d+$/,
    dnsSuffix: "amazonaws.com.cn",
    dualStackDnsSuffix: "api.amazonwebservices.com.cn",
  },
  {
    name: "aws-eusc",
    pattern: /^eusc-(de)-\w+-\d+$/,
    dnsSuffix: "amazonaws.eu",
    dualStackDnsSuffix: "api.amazonwebservices.eu",
  },
  {
    name: "aws-iso",
    pattern: /^us-iso-\w+-\d+$/,
    dnsSuffix: "c2s.ic.gov",
    dualStackDnsSuffix: "api.aws.ic.gov",
  },
  {
    name: "aws-iso-b",
    pattern: /^us-isob-\w+-\d+$/,
    dnsSuffix: "sc2s.sgov.gov",
    dualStackDnsSuffix: "api.aws.scloud",
  },
  {
    name: "aws-iso-e",
    pattern: /^eu-isoe-\w+-\d+$/,
    dnsSuffix: "cloud.adc-e.uk",
    dualStackDnsSuffix: "api.cloud-aws.adc-e.uk",
  },
  {
    name: "aws-iso-f",
    pattern: /^us-isof-\w+-\d+$/,
    dnsSuffix: "csp.hci.ic.gov",
    dualStackDnsSuffix: "api.aws.hci.ic.gov",
  },
  {
    name: "aws-us-gov",
    pattern: /^us-gov-\w+-\d+$/,
    dnsSuffix: "amazonaws.com",
    dualStackDnsSuffix: "api.aws",
  },
] as const;

/**
 * The partition of a region, as the SDK tells it: its `<partition>-global` pseudo-region, else the
 * partition whose pattern the name matches, else aws (a region AWS opens later, a test's name).
 * One rule for every place that asks: STS's default region, endpoints in messages, the console.
 *
 * @example partitionOf("cn-north-1").name // "aws-cn"
 */
export function partitionOf(region: string): AwsPartition {
  const found =
    PARTITIONS.find((p) => region === `${p.name}-global`) ?? PARTITIONS.find((p) => p.pattern.test(region));
  const { name, dnsSuffix, dualStackDnsSuffix } = found ?? PARTITIONS[0];
  return { name, dnsSuffix, dualStackDnsSuffix };
}
