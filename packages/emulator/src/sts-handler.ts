import type { IncomingMessage } from "node:http";
import { checkSignatureTime } from "./check-signature-time.js";
import type { EmulatorState, RoleCredentialRecord } from "./emulator-state.js";
import { escapeXml } from "./http-io.js";
import { partitionOf } from "./partition-of.js";
import { stsError } from "./service-error.js";
import { parseSigV4, verifySigV4 } from "./verify-sigv4.js";

/** The STS action of a request: from the form body (POST) or the query (GET). */
export function stsParams(req: IncomingMessage, body: Buffer): URLSearchParams {
  const fromQuery = new URL(req.url ?? "/", "http://x").searchParams;
  const contentType = req.headers["content-type"] ?? "";
  if (req.method === "POST" && contentType.includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(body.toString("utf8"));
    for (const [k, v] of fromQuery) if (!form.has(k)) form.set(k, v);
    return form;
  }
  return fromQuery;
}

/**
 * The credentials a signed STS request was made with: checks the SigV4 signature against the role
 * credentials the emulator issued, then the session token and the expiry (emulator clock).
 */
function authenticate(
  state: EmulatorState,
  req: IncomingMessage,
  body: Buffer,
): { record: RoleCredentialRecord; region: string } {
  const signed = { method: req.method ?? "GET", url: req.url ?? "/", rawHeaders: req.rawHeaders, body };
  const parsed = parseSigV4(signed);
  if (!parsed) {
    throw stsError("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
  }
  // Against AWS's wall clock (real time + dateSkewMs), not the emulator clock that moves expiries.
  // A presigned URL's life is its X-Amz-Expires instead, not checked here.
  if (!parsed.presigned) checkSignatureTime(parsed.amzDate, Date.now() + state.settings.dateSkewMs);
  // Whatever the keys: a credential scope for another service is refused first (AWS's words, trailing
  // space included; cllunsford/aws-signing-proxy#25). Any region of the partition is taken: one
  // endpoint stands for all (AssumeRole reads it: STS may be deactivated there for the role's account).
  if (parsed.service !== "sts") {
    throw stsError("SignatureDoesNotMatch", 403, "Credential should be scoped to correct service: 'sts'. ");
  }
  const record = state.findCredentials(parsed.accessKeyId);
  // Keys of this Identity Center's partition: another partition's STS (the signature's region) has
  // never heard of them.
  if (!record || partitionOf(parsed.region) !== partitionOf(state.settings.region)) {
    throw stsError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
  }
  if (!verifySigV4(signed, parsed, record.secretAccessKey)) {
    throw stsError(
      "SignatureDoesNotMatch",
      403,
      "The request signature we calculated does not match the signature you provided. " +
        "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
  if (parsed.securityToken !== record.sessionToken) {
    throw stsError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
  }
  if (state.clock.now() >= record.expiresAt) {
    // 403, like the other authentication failures (the model's 400 ExpiredTokenException is another code)
    throw stsError("ExpiredToken", 403, "The security token included in the request is expired");
  }
  return { record, region: parsed.region };
}

/** GetCallerIdentity: the identity of the (authenticated) credentials that signed the request. */
export function handleGetCallerIdentity(
  state: EmulatorState,
  req: IncomingMessage,
  body: Buffer,
  requestId: string,
) {
  const identity = state.identityOf(authenticate(state, req, body).record);
  return (
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n` +
    `  <GetCallerIdentityResult>\n` +
    `    <Arn>${escapeXml(identity.arn)}</Arn>\n` +
    `    <UserId>${escapeXml(identity.userId)}</UserId>\n` +
    `    <Account>${identity.account}</Account>\n` +
    `  </GetCallerIdentityResult>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
    `</GetCallerIdentityResponse>\n`
  );
}

/**
 * AssumeRole (awsQuery): signed like GetCallerIdentity with live credentials the emulator issued;
 * RoleArn, RoleSessionName, DurationSeconds, ExternalId, SerialNumber and TokenCode as STS reads them.
 */
export function handleAssumeRole(
  state: EmulatorState,
  req: IncomingMessage,
  body: Buffer,
  requestId: string,
) {
  const { record: caller, region } = authenticate(state, req, body);
  const params = stsParams(req, body);
  const record = state.assumeRole(caller, {
    region,
    roleArn: params.get("RoleArn"),
    roleSessionName: params.get("RoleSessionName"),
    durationSeconds: params.get("DurationSeconds"),
    externalId: params.get("ExternalId"),
    serialNumber: params.get("SerialNumber"),
    tokenCode: params.get("TokenCode"),
  });
  const identity = state.identityOf(record);
  const expiration = new Date(record.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z");
  return (
    `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n` +
    `  <AssumeRoleResult>\n` +
    `    <AssumedRoleUser>\n` +
    `      <AssumedRoleId>${escapeXml(identity.userId)}</AssumedRoleId>\n` +
    `      <Arn>${escapeXml(identity.arn)}</Arn>\n` +
    `    </AssumedRoleUser>\n` +
    `    <Credentials>\n` +
    `      <AccessKeyId>${record.accessKeyId}</AccessKeyId>\n` +
    `      <SecretAccessKey>${escapeXml(record.secretAccessKey)}</SecretAccessKey>\n` +
    `      <SessionToken>${escapeXml(record.sessionToken)}</SessionToken>\n` +
    `      <Expiration>${expiration}</Expiration>\n` +
    `    </Credentials>\n` +
    `  </AssumeRoleResult>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
    `</AssumeRoleResponse>\n`
  );
}
