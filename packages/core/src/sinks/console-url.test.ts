import { describe, expect, it } from "vitest";
import { federationEndpoint, partitionOf } from "./console-url.js";

describe("the console federation endpoint", () => {
  it("follows the region's partition", () => {
    expect(partitionOf("eu-west-1")).toBe("aws");
    expect(partitionOf("cn-north-1")).toBe("aws-cn");
    expect(partitionOf("us-gov-west-1")).toBe("aws-us-gov");
    expect(federationEndpoint({ region: "eu-west-1", env: {} })).toBe(
      "https://signin.aws.amazon.com/federation",
    );
    expect(federationEndpoint({ region: "cn-northwest-1", env: {} })).toBe(
      "https://signin.amazonaws.cn/federation",
    );
    expect(federationEndpoint({ region: "us-gov-east-1", env: {} })).toBe(
      "https://signin.amazonaws-us-gov.com/federation",
    );
  });

  it("is overridden by AWS_ENDPOINT_URL_SIGNIN, else AWS_ENDPOINT_URL, unless endpoint overrides are ignored", () => {
    const signin = "http://127.0.0.1:4000/";
    expect(federationEndpoint({ region: "cn-north-1", env: { AWS_ENDPOINT_URL_SIGNIN: signin } })).toBe(
      "http://127.0.0.1:4000/federation",
    );
    expect(
      federationEndpoint({
        region: "eu-west-1",
        env: { AWS_ENDPOINT_URL: "http://127.0.0.1:5000", AWS_ENDPOINT_URL_SIGNIN: "" },
      }),
    ).toBe("http://127.0.0.1:5000/federation");
    expect(
      federationEndpoint({
        region: "eu-west-1",
        env: { AWS_ENDPOINT_URL_SIGNIN: signin, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" },
      }),
    ).toBe("https://signin.aws.amazon.com/federation");
  });
});
