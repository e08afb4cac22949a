import { describe, expect, it } from "vitest";
import { rejection } from "../test-support/rejection.js";
import { consoleSignInUrl, federationEndpoint } from "./console-url.js";

/** Never sent anywhere that answers: the endpoint does not resolve, or the signal aborted first. */
const CREDENTIALS = {
  accessKeyId: "id",
  secretAccessKey: "secret",
  sessionToken: "token",
  expiration: new Date(),
};

describe("the console federation endpoint", () => {
  it("follows the region's partition", () => {
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

  it("of a partition whose console ssoenv does not know (aws-eusc, aws-iso*): an error naming it, not aws's sign-in", () => {
    for (const [region, partition] of [
      ["eusc-de-east-1", "aws-eusc"],
      ["us-iso-east-1", "aws-iso"],
      ["eu-isoe-west-1", "aws-iso-e"],
    ]) {
      expect(() => federationEndpoint({ region: region as string, env: {} })).toThrow(
        expect.objectContaining({
          code: "COMMAND_FAILED",
          message: `ssoenv does not know the AWS console sign-in of partition ${partition} (region ${region})`,
          hint: 'set AWS_ENDPOINT_URL_SIGNIN to its sign-in endpoint (its /federation is asked) and give the page to open: { destination: "URL" }',
        }),
      );
    }
    // Told where to sign in, it signs in there.
    expect(
      federationEndpoint({
        region: "eusc-de-east-1",
        env: { AWS_ENDPOINT_URL_SIGNIN: "https://signin.example" },
      }),
    ).toBe("https://signin.example/federation");
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

describe("consoleSignInUrl when the federation endpoint cannot be reached", () => {
  it("names the network error's code (ENOTFOUND), not fetch's TypeError", async () => {
    const error = await rejection(
      consoleSignInUrl({
        credentials: CREDENTIALS,
        region: "eu-west-1",
        // .invalid never resolves (RFC 2606): no network is needed to fail.
        env: { AWS_ENDPOINT_URL_SIGNIN: "https://signin.ssoenv-test.invalid", SSOENV_NETWORK_BUDGET: "5s" },
      }),
    );
    expect(error.code).toBe("ENDPOINT_UNREACHABLE");
    expect(error.message).toMatch(/could not be reached \((ENOTFOUND|EAI_AGAIN)\)/);
  });
});

describe("consoleSignInUrl in a partition whose console ssoenv does not know", () => {
  it("told the sign-in endpoint but not the page: refused before any request, not sent to console.aws.amazon.com", async () => {
    const error = await rejection(
      consoleSignInUrl({
        credentials: CREDENTIALS,
        region: "eusc-de-east-1",
        env: { AWS_ENDPOINT_URL_SIGNIN: "https://signin.ssoenv-test.invalid", SSOENV_NETWORK_BUDGET: "5s" },
      }),
    );
    expect(error.code).toBe("COMMAND_FAILED");
    expect(error.message).toBe(
      "ssoenv does not know the AWS console sign-in of partition aws-eusc (region eusc-de-east-1)",
    );
  });
});

describe("consoleSignInUrl with a signal", () => {
  it("an aborted signal is CANCELLED with the reason as cause, as every other function's, not a DOMException", async () => {
    const reason = new Error("the script is shutting down");
    const error = await rejection(
      consoleSignInUrl({
        credentials: CREDENTIALS,
        region: "eu-west-1",
        env: { AWS_ENDPOINT_URL_SIGNIN: "https://signin.ssoenv-test.invalid" },
        signal: AbortSignal.abort(reason),
      }),
    );
    expect(error.code).toBe("CANCELLED");
    expect(error.message).toBe("consoleSignInUrl was cancelled: its signal aborted");
    expect(error.cause).toBe(reason);
  });
});
