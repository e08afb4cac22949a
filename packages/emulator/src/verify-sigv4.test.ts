import { randomBytes } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, test } from "vitest";
import { parseSigV4, type SignedRequest, verifySigV4 } from "./verify-sigv4.js";

const secret = randomBytes(30).toString("base64");
const credentials = {
  accessKeyId: `ASIA${"Q".repeat(4)}TEST`,
  secretAccessKey: secret,
  sessionToken: "token-1",
};
const signer = new SignatureV4({ credentials, region: "eu-central-1", service: "sts", sha256: Sha256 });

/** Signs with the SDK's signer, then shapes the request as Node's http server would receive it. */
async function signed(input: {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  body?: string;
}) {
  const request = await signer.sign({
    method: input.method,
    protocol: "http:",
    hostname: "127.0.0.1",
    port: 4566,
    path: input.path,
    query: input.query ?? {},
    headers: { host: "127.0.0.1:4566", "content-type": "application/x-www-form-urlencoded" },
    body: input.body,
  });
  const search = Object.entries(input.query ?? {})
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((one) => `${encodeURIComponent(k)}=${encodeURIComponent(one)}`),
    )
    .join("&");
  const rawHeaders = Object.entries(request.headers).flat();
  const wire: SignedRequest = {
    method: input.method,
    url: search ? `${input.path}?${search}` : input.path,
    rawHeaders,
    body: Buffer.from(input.body ?? ""),
  };
  return wire;
}

function verify(wire: SignedRequest, secretAccessKey = secret): boolean {
  const parsed = parseSigV4(wire);
  if (!parsed) throw new Error("not signed");
  return verifySigV4(wire, parsed, secretAccessKey);
}

describe("verifySigV4", () => {
  test("accepts what the SDK signer signs: form body, query with spaces and repeated keys, encoded path", async () => {
    expect(
      verify(
        await signed({ method: "POST", path: "/", body: "Action=GetCallerIdentity&Version=2011-06-15" }),
      ),
    ).toBe(true);
    expect(
      verify(await signed({ method: "GET", path: "/", query: { b: "x y+z", a: ["2", "1"], "c~": "*'()!" } })),
    ).toBe(true);
    expect(verify(await signed({ method: "GET", path: "/some%20path/ok" }))).toBe(true);
  });

  test("reads the scope and the session token from the Authorization header", async () => {
    const parsed = parseSigV4(await signed({ method: "POST", path: "/", body: "" }));
    expect(parsed).toMatchObject({
      accessKeyId: credentials.accessKeyId,
      region: "eu-central-1",
      service: "sts",
      securityToken: "token-1",
      presigned: false,
    });
    expect(parsed?.signedHeaders).toContain("x-amz-security-token");
  });

  test("refuses a changed method, path, query, body, signed header, or another secret", async () => {
    const base = await signed({
      method: "POST",
      path: "/",
      query: { a: "1" },
      body: "Action=GetCallerIdentity",
    });
    expect(verify(base)).toBe(true);
    expect(verify({ ...base, method: "PUT" })).toBe(false);
    expect(verify({ ...base, url: "/x?a=1" })).toBe(false);
    expect(verify({ ...base, url: "/?a=2" })).toBe(false);
    expect(verify({ ...base, body: Buffer.from("Action=GetCallerIdentitx") })).toBe(false);
    const headers = [...base.rawHeaders];
    const i = headers.findIndex((h) => h.toLowerCase() === "content-type");
    headers[i + 1] = "text/plain";
    expect(verify({ ...base, rawHeaders: headers })).toBe(false);
    expect(verify(base, randomBytes(30).toString("base64"))).toBe(false);
  });

  test("a request without a SigV4 signature is not parsed", () => {
    expect(
      parseSigV4({ method: "GET", url: "/", rawHeaders: ["Host", "x"], body: Buffer.alloc(0) }),
    ).toBeUndefined();
    expect(
      parseSigV4({
        method: "GET",
        url: "/",
        rawHeaders: ["Authorization", "Bearer abc"],
        body: Buffer.alloc(0),
      }),
    ).toBeUndefined();
  });
});
