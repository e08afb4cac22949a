// A project script that needs AWS. ensureSession() gives a valid session or a clear error:
// it logs in when needed (up to 3 tries), and refuses to start when less than `minValidity` is left.

import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ensureSession, isSsoenvError } from "@ssoenv/core";

try {
  // No `profile`: resolved as the ssoenv CLI does (SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE, "default").
  const session = await ensureSession({ minValidity: "30m" });
  const sts = new STSClient({ region: session.region ?? "us-east-1", credentials: session.credentials });
  const me = await sts.send(new GetCallerIdentityCommand({}));
  console.log(`account ${me.Account} as ${me.Arn}`);
  // The sign-in's end (a login is needed then); unknown when ssoenv did not see the login.
  console.log(`signed in until ${session.sessionEndsAt?.toLocaleString() ?? "(unknown)"}`);
  console.log(`credentials until ${session.credentialsExpireAt.toLocaleString()}`);
} catch (error) {
  if (!isSsoenvError(error)) throw error;
  console.error(`${error.message}${error.hint ? `\nhint: ${error.hint}` : ""}`);
  process.exitCode = error.code === "LOGIN_REQUIRED" ? 3 : 1;
}
