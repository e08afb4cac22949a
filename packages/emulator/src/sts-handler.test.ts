import { randomBytes } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { GetRoleCredentialsCommand } from "@aws-sdk/client-sso";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, test } from "vitest";
import { sdkClients } from "./test-support/sdk-clients.js";
import { useEmulator } from "./test-support/use-emulator.js";
import type { Emulator, EmulatorOptions } from "./types.js";

const start = useEmulator();

async function startWithCredentials(options: EmulatorOptions = {}, roleName = "ReadOnly") {
  const { emulator, ...clients } = await start(options);
  const { accessToken } = emulator.issueToken();
  const { roleCredentials } = await clients.sso.send(
    new GetRoleCredentialsCommand({ accessToken, accountId: "111111111111", roleName }),
  );
  const credentials = {
    accessKeyId: roleCredentials?.accessKeyId ?? "",
    secretAccessKey: roleCredentials?.secretAccessKey ?? "",
    sessionToken: roleCredentials?.sessionToken ?? "",
  };
  return { emulator, credentials, ...clients };
}

/** Changes the request after the SDK signed it, just before it is sent. */
function tamperAfterSigning(
  sts: STSClient,
  tamper: (request: { headers: Record<string, string>; body: unknown }) => void,
) {
  sts.middlewareStack.add(
    (next) => async (args) => {
      tamper(args.request as { headers: Record<string, string>; body: unknown });
      return next(args);
    },
    { step: "deserialize", name: "tamperAfterSigning" },
  );
}

const randomBase32 = (n: number) =>
  Array.from(randomBytes(n), (b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[b % 32]).join("");

/** A SigV4 signer for STS in us-east-1 with the given credentials. */
function stsSigner(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) {
  return new SignatureV4({ credentials, region: "us-east-1", service: "sts", sha256: Sha256 });
}

/** GetCallerIdentity as a GET with the action in the query, to the emulator (to sign or presign). */
function getCallerIdentityByGet(emulator: Emulator) {
  const url = new URL(emulator.url);
  return {
    method: "GET",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
    headers: { host: url.host },
  };
}

describe("GetCallerIdentity", () => {
  test("accepts credentials the emulator issued and names the SSO role session", async () => {
    const { stsWith, credentials } = await startWithCredentials({ userName: "alice" }, "AdministratorAccess");
    const identity = await stsWith(credentials).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe("111111111111");
    expect(identity.Arn).toMatch(
      /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/alice$/,
    );
    expect(identity.UserId).toMatch(/^AROA[A-Z0-9]{17}:alice$/);
  });

  test("an access key it never issued gets InvalidClientTokenId (403)", async () => {
    const { stsWith } = await startWithCredentials();
    const unknown = {
      accessKeyId: `ASIA${randomBase32(16)}`,
      secretAccessKey: randomBase32(40),
      sessionToken: "x",
    };
    await expect(stsWith(unknown).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: "InvalidClientTokenId",
      $metadata: { httpStatusCode: 403 },
    });
  });

  test("credentials signed for a region of another partition get InvalidClientTokenId: that partition's STS does not know them", async () => {
    const { emulator, credentials } = await startWithCredentials({ region: "eu-west-1" });
    for (const region of ["cn-north-1", "us-gov-west-1", "eusc-de-east-1", "us-isob-east-1"]) {
      const sts = new STSClient({ region, endpoint: emulator.url, maxAttempts: 1, credentials });
      await expect(sts.send(new GetCallerIdentityCommand({})), region).rejects.toMatchObject({
        name: "InvalidClientTokenId",
        $metadata: { httpStatusCode: 403 },
      });
    }
    // Any region of the Identity Center's own partition is one STS for them.
    const sts = new STSClient({
      region: "ap-southeast-2",
      endpoint: emulator.url,
      maxAttempts: 1,
      credentials,
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe("111111111111");
  });

  test("a signature made with the wrong secret gets SignatureDoesNotMatch (403)", async () => {
    const { stsWith, credentials } = await startWithCredentials();
    const wrong = { ...credentials, secretAccessKey: randomBase32(40) };
    await expect(stsWith(wrong).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
      $metadata: { httpStatusCode: 403 },
    });
  });

  test("a body changed after signing gets SignatureDoesNotMatch", async () => {
    const { stsWith, credentials } = await startWithCredentials();
    const sts = stsWith(credentials);
    tamperAfterSigning(sts, (request) => {
      // same length, so Content-Length still fits
      request.body = String(request.body).replace("Version=2011-06-15", "Version=2011-06-16");
    });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
    });
  });

  test("a signed header changed after signing gets SignatureDoesNotMatch", async () => {
    const { stsWith, credentials } = await startWithCredentials();
    const sts = stsWith(credentials);
    tamperAfterSigning(sts, (request) => {
      const date = request.headers["x-amz-date"] ?? "";
      expect(date).toMatch(/^\d{8}T\d{6}Z$/);
      const seconds = Number(date.slice(13, 15));
      request.headers["x-amz-date"] = `${date.slice(0, 13)}${String((seconds + 1) % 60).padStart(2, "0")}Z`;
    });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
    });
  });

  test("a missing or wrong session token gets InvalidClientTokenId", async () => {
    const { stsWith, credentials } = await startWithCredentials();
    const { sessionToken: _omitted, ...withoutToken } = credentials;
    await expect(stsWith(withoutToken).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: "InvalidClientTokenId",
    });
    await expect(
      stsWith({ ...credentials, sessionToken: `${credentials.sessionToken}x` }).send(
        new GetCallerIdentityCommand({}),
      ),
    ).rejects.toMatchObject({ name: "InvalidClientTokenId" });
  });

  // AWS answers ExpiredToken with 403 (aws/aws-sdk-java-v2#1649); the model's ExpiredTokenException (400)
  // is another code
  test("credentials past their expiration (emulator clock) get ExpiredToken (403)", async () => {
    const { emulator, stsWith, credentials } = await startWithCredentials();
    await expect(stsWith(credentials).send(new GetCallerIdentityCommand({}))).resolves.toHaveProperty(
      "Account",
    );
    emulator.clock.advance(61 * 60_000);
    await expect(stsWith(credentials).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: "ExpiredToken",
      $metadata: { httpStatusCode: 403 },
    });
  });

  test("an unsigned request gets a 403 XML error with a request id", async () => {
    const { emulator } = await startWithCredentials();
    const res = await fetch(emulator.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(res.status).toBe(403);
    const requestId = res.headers.get("x-amzn-requestid");
    expect(requestId).toBeTruthy();
    const xml = await res.text();
    expect(xml).toContain("<Type>Sender</Type>");
    expect(xml).toContain("<Code>MissingAuthenticationToken</Code>");
    expect(xml).toContain(`<RequestId>${requestId}</RequestId>`);
  });

  test("accepts a signed GET with the action in the query, and refuses it once the query changes", async () => {
    const { emulator, credentials } = await startWithCredentials();
    const signed = await stsSigner(credentials).sign(getCallerIdentityByGet(emulator));
    const send = (query: string) => fetch(`${emulator.url}/?${query}`, { headers: signed.headers });
    const ok = await send("Action=GetCallerIdentity&Version=2011-06-15");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("<Account>111111111111</Account>");
    const tampered = await send("Action=GetCallerIdentity&Version=2011-06-15&Extra=1");
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
  });

  test("a signature scoped to another service gets SignatureDoesNotMatch naming sts (cllunsford/aws-signing-proxy#25)", async () => {
    const { emulator, credentials } = await startWithCredentials();
    const signer = new SignatureV4({ credentials, region: "us-east-1", service: "iam", sha256: Sha256 });
    const signed = await signer.sign(getCallerIdentityByGet(emulator));
    const res = await fetch(`${emulator.url}/?Action=GetCallerIdentity&Version=2011-06-15`, {
      headers: signed.headers,
    });
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(xml).toContain("<Code>SignatureDoesNotMatch</Code>");
    expect(xml.replace(/&apos;/g, "'")).toContain(
      "<Message>Credential should be scoped to correct service: 'sts'. </Message>",
    );
  });

  test("accepts a presigned URL", async () => {
    const { emulator, credentials } = await startWithCredentials();
    const presigned = await stsSigner(credentials).presign(getCallerIdentityByGet(emulator), {
      expiresIn: 300,
    });
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const res = await fetch(`${emulator.url}/?${query}`);
    expect(res.status).toBe(200);
  });

  test("another STS action gets InvalidAction", async () => {
    const { emulator } = await startWithCredentials();
    const res = await fetch(`${emulator.url}/?Action=GetSessionToken&Version=2011-06-15`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>InvalidAction</Code>");
  });
});

// AWS refuses a SigV4 time more than 15 minutes from its clock (aws/aws-cli#6676: "Signature expired:
// 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)", and "Signature
// not yet current: ... is still later than ... (... + 15 min.)", both 403 SignatureDoesNotMatch).
describe("the signing time, against AWS's clock (dateSkewMs)", () => {
  const MIN = 60_000;

  test.each([
    {
      skewMs: 20 * MIN,
      said: /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    },
    {
      skewMs: -20 * MIN,
      said: /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/,
    },
  ])(
    "a request signed 20 minutes off ($skewMs ms) gets 403 SignatureDoesNotMatch",
    async ({ skewMs, said }) => {
      const { stsWith, credentials } = await startWithCredentials({ dateSkewMs: skewMs });
      await expect(stsWith(credentials).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
        name: "SignatureDoesNotMatch",
        message: expect.stringMatching(said),
        $metadata: { httpStatusCode: 403 },
      });
    },
  );

  test("10 minutes off is within AWS's 15", async () => {
    const { stsWith, credentials } = await startWithCredentials({ dateSkewMs: 10 * MIN });
    await expect(stsWith(credentials).send(new GetCallerIdentityCommand({}))).resolves.toHaveProperty(
      "Account",
    );
  });

  test("the SDK corrects its clock from the answer's Date and its retry goes through", async () => {
    const { emulator, credentials } = await startWithCredentials({ dateSkewMs: 2 * 3_600_000 });
    const sts = sdkClients(emulator, { maxAttempts: 2 }).stsWith(credentials);
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toHaveProperty("Account");
    expect(emulator.stats().byOperation.GetCallerIdentity).toBe(2);
  });
});
