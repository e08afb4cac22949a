import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { CliWorld } from "./cli-world.js";

/**
 * Who the keys `ssoenv env --profile PROFILE` hands out are, as STS (the world's emulator) names them:
 * their ARN, or ssoenv's stderr when it gave no keys.
 */
export async function envKeysArn(
  world: CliWorld,
  profile: string,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  const result = await world.run(["env", "--profile", profile, "--format", "json"], { env });
  if (result.exitCode !== 0) return result.stderr.trim();
  const keys = JSON.parse(result.stdout);
  const sts = new STSClient({
    region: "us-east-1",
    endpoint: world.emulator.url,
    credentials: {
      accessKeyId: keys.AWS_ACCESS_KEY_ID,
      secretAccessKey: keys.AWS_SECRET_ACCESS_KEY,
      sessionToken: keys.AWS_SESSION_TOKEN,
    },
  });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? "";
}
