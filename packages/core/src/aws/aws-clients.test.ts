import { SSOClient } from "@aws-sdk/client-sso";
import { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import {
  endpointFor,
  oidcClient,
  resolveEndpoint,
  ssoClient,
  stsClient,
  useDualstack,
} from "./aws-clients.js";

describe("dual-stack endpoints, as the SDK resolves them", () => {
  it("AWS_USE_DUALSTACK_ENDPOINT wins over the profile's use_dualstack_endpoint", () => {
    expect(useDualstack({}, {})).toBe(false);
    expect(useDualstack({}, { useDualstackEndpoint: true })).toBe(true);
    expect(useDualstack({ AWS_USE_DUALSTACK_ENDPOINT: "true" }, {})).toBe(true);
    expect(useDualstack({ AWS_USE_DUALSTACK_ENDPOINT: "false" }, { useDualstackEndpoint: true })).toBe(false);
  });

  it("selects the dual-stack OIDC and portal endpoints of each partition", async () => {
    const dual = { AWS_USE_DUALSTACK_ENDPOINT: "true" };
    expect(await resolveEndpoint("sso-oidc", { ssoRegion: "eu-west-1" }, dual)).toBe(
      "https://oidc.eu-west-1.api.aws/",
    );
    expect(await resolveEndpoint("sso", { ssoRegion: "eu-west-1", useDualstackEndpoint: true }, {})).toBe(
      "https://portal.sso.eu-west-1.api.aws/",
    );
    expect(await resolveEndpoint("sso-oidc", { ssoRegion: "cn-north-1" }, dual)).toBe(
      "https://oidc.cn-north-1.api.amazonwebservices.com.cn/",
    );
    expect(await resolveEndpoint("sso-oidc", { ssoRegion: "eu-west-1" }, {})).toBe(
      "https://oidc.eu-west-1.amazonaws.com/",
    );
    // messages name the same hosts
    expect(endpointFor("sso-oidc", "eu-west-1", dual)).toBe("https://oidc.eu-west-1.api.aws");
    expect(endpointFor("sso", "cn-north-1", {})).toBe("https://portal.sso.cn-north-1.amazonaws.com.cn");
  });

  it("an endpoint override wins over dual-stack", async () => {
    const env = { AWS_USE_DUALSTACK_ENDPOINT: "true", AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:9" };
    expect(await resolveEndpoint("sso-oidc", { ssoRegion: "eu-west-1" }, env)).toBe("http://127.0.0.1:9");
  });
});

describe("endpointFor: the host a message names is the one the SDK calls", () => {
  // A region of each partition of the SDK's data: each has its own DNS suffixes, and aws-us-gov's
  // FIPS hosts are its plain ones.
  const regions = [
    "eu-west-1",
    "cn-north-1",
    "us-gov-west-1",
    "eusc-de-east-1",
    "us-iso-east-1",
    "us-isob-east-1",
    "eu-isoe-west-1",
    "us-isof-south-1",
  ];
  const clients = { sso: SSOClient, "sso-oidc": SSOOIDCClient, sts: STSClient } as const;
  it.each(
    regions.flatMap((region) =>
      (["sso", "sso-oidc", "sts"] as const).map((service) => [service, region] as const),
    ),
  )("%s in %s, plain, dual-stack and FIPS", async (service, region) => {
    const client = new clients[service]({ region });
    for (const UseDualStack of [false, true]) {
      for (const UseFIPS of [false, true]) {
        const env = {
          AWS_USE_DUALSTACK_ENDPOINT: String(UseDualStack),
          AWS_USE_FIPS_ENDPOINT: String(UseFIPS),
        };
        const sdk = client.config.endpointProvider({ Region: region, UseDualStack, UseFIPS });
        expect(endpointFor(service, region, env), JSON.stringify(env)).toBe(sdk.url.href.replace(/\/$/, ""));
      }
    }
  });
});

describe("the AWS SDK's Node.js support notice", () => {
  it("is turned off only while ssoenv creates its clients: process.env is left as it was", async () => {
    const name = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
    const before = process.env[name];
    delete process.env[name];
    try {
      // a region no other test uses, so that the client is created here, not reused
      await ssoClient("ap-southeast-4", {});
      await oidcClient("ap-southeast-4", {});
      await stsClient("ap-southeast-4", {}, fakeCredentials());
      expect(process.env[name]).toBeUndefined();
      // a value the user set stays
      process.env[name] = "false";
      await stsClient("ap-southeast-4", {}, fakeCredentials());
      expect(process.env[name]).toBe("false");
    } finally {
      if (before === undefined) delete process.env[name];
      else process.env[name] = before;
    }
  });
});

function fakeCredentials() {
  return { accessKeyId: "id", secretAccessKey: "secret", sessionToken: "token", expiration: new Date() };
}
