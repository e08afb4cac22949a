/**
 * The retry modes the AWS CLI v2 takes from `retry_mode` or `AWS_RETRY_MODE`. Any other value (`fast`,
 * `Standard`, even `legacy`, which boto3 still takes) makes it refuse every command: 'Invalid value
 * provided to "mode": "fast" must be one of: "standard" or "adaptive"'. ssoenv retries on its own and
 * reads neither: doctor names such a value.
 */
const AWS_CLI_RETRY_MODES: readonly string[] = ["standard", "adaptive"];

/** Whether the AWS CLI v2 takes this retry_mode / AWS_RETRY_MODE value (exactly as written). */
export function isAwsCliRetryMode(value: string): boolean {
  return AWS_CLI_RETRY_MODES.includes(value);
}
