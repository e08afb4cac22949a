/**
 * Whether `value` has the shape of an AWS region name: area, words, number (us-east-1,
 * us-gov-west-1, eusc-de-east-1), or aws-global. A shape, not a list, so that regions AWS opens
 * later pass. A typo (us-east1, US-EAST-1, Frankfurt, eu-central-1a, a zone) makes a host name that
 * does not exist: every call to it "could not be reached". One rule for every place that checks
 * (doctor, profiles sync), so that they never disagree about a value.
 */
export function isRegionName(value: string): boolean {
  return value === "aws-global" || /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/.test(value);
}

/**
 * Whether the AWS CLI and the SDKs take `value` as a region at all: one host label (letters, digits
 * and -, not only digits, no - at either end; botocore's validate_region_name). Anything else the AWS
 * CLI refuses at once ("Provided region_name ... doesn't match a supported format") and the JS SDK
 * when it builds an endpoint ("Region not accepted"). Looser than isRegionName: `EU-WEST-1` and
 * `us-east1` pass here, and are only doctor's warnings.
 */
export function isAcceptedRegion(value: string): boolean {
  return /^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/.test(value);
}

/** The region a typo most likely meant (us-east1, US-EAST-1 or us_east_1: us-east-1), if it is one of those. */
export function likelyRegion(value: string): string | undefined {
  const meant = value
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, "-")
    .replace(/([a-z])(\d{1,2})$/, "$1-$2")
    .replace(/(-\d{1,2})[a-z]$/, "$1");
  return meant !== value && isRegionName(meant) ? meant : undefined;
}
