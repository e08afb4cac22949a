import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { REGION_HEADER } from "./called-region.js";

/** Services whose endpoints AWS CLI v2 resolves from a rule set we can override, with their API version. */
const SERVICES = [
  ["sso", "2019-06-10"],
  ["sso-oidc", "2019-06-10"],
  // STS too: the CLI's own AssumeRole for a role_arn + source_profile profile ignores --endpoint-url.
  ["sts", "2011-06-15"],
] as const;

/**
 * An endpoint rule set (version 1.0) that declares the usual parameters and always resolves to `url`,
 * with the region in a header (`x-ssoenv-emulator-region`). botocore reads it from `AWS_DATA_PATH`
 * before its bundled one.
 */
export function endpointRuleSet(url: string) {
  return {
    version: "1.0",
    parameters: {
      Region: { builtIn: "AWS::Region", required: false, documentation: "The AWS region", type: "String" },
      UseDualStack: {
        builtIn: "AWS::UseDualStack",
        required: true,
        default: false,
        documentation: "Use dual-stack endpoints",
        type: "Boolean",
      },
      UseFIPS: {
        builtIn: "AWS::UseFIPS",
        required: true,
        default: false,
        documentation: "Use FIPS endpoints",
        type: "Boolean",
      },
      Endpoint: {
        builtIn: "SDK::Endpoint",
        required: false,
        documentation: "Override endpoint",
        type: "String",
      },
    },
    rules: [
      {
        // The region the CLI resolved, which the URL no longer shows: the emulator answers as another
        // region's Identity Center when it is not its own.
        conditions: [{ fn: "isSet", argv: [{ ref: "Region" }] }],
        endpoint: { url, properties: {}, headers: { [REGION_HEADER]: ["{Region}"] } },
        type: "endpoint",
      },
      { conditions: [], endpoint: { url, properties: {}, headers: {} }, type: "endpoint" },
    ],
  };
}

/**
 * Writes `<dir>/sso/2019-06-10/endpoint-rule-set-1.json`, the same for `sso-oidc` and
 * `<dir>/sts/2011-06-15/endpoint-rule-set-1.json`, pointing at `url`.
 * AWS CLI v2.9 ignores `AWS_ENDPOINT_URL_*`; with `AWS_DATA_PATH=<dir>` it uses these instead.
 * @returns `dir`
 * @example
 *   const dataPath = await writeAwsCliDataPath({ dir: tmp, url: emulator.url });
 *   execa("/usr/bin/aws", ["sso", "login", "--no-browser"], { env: { AWS_DATA_PATH: dataPath } });
 */
export async function writeAwsCliDataPath(options: { dir: string; url: string }): Promise<string> {
  const text = `${JSON.stringify(endpointRuleSet(options.url), null, 2)}\n`;
  for (const [service, apiVersion] of SERVICES) {
    const folder = join(options.dir, service, apiVersion);
    await mkdir(folder, { recursive: true });
    const file = join(folder, "endpoint-rule-set-1.json");
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, file);
  }
  return options.dir;
}
