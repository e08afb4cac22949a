import { describe, expect, it } from "vitest";
import { isSsoenvError } from "../errors.js";
import { credentialsFromAnswer } from "./credentials-from-answer.js";

// The emulator always answers with all four fields: what an incomplete answer does is checked here.
const FIELDS = { accessKeyId: "id", secretAccessKey: "secret", sessionToken: "token" };
const EXPIRY = Date.UTC(2026, 11, 6, 12);

describe("credentialsFromAnswer", () => {
  it("turns SSO's epoch milliseconds and STS's Date into the same Date", () => {
    const fromSso = credentialsFromAnswer({ ...FIELDS, expiration: EXPIRY }, "SSO GetRoleCredentials");
    const fromSts = credentialsFromAnswer({ ...FIELDS, expiration: new Date(EXPIRY) }, "STS AssumeRole");
    expect(fromSso).toEqual({ ...FIELDS, expiration: new Date(EXPIRY) });
    expect(fromSts).toEqual(fromSso);
  });

  it.each([
    ["accessKeyId", { ...FIELDS, accessKeyId: "", expiration: EXPIRY }],
    ["secretAccessKey", { ...FIELDS, secretAccessKey: undefined, expiration: EXPIRY }],
    ["sessionToken", { ...FIELDS, sessionToken: undefined, expiration: EXPIRY }],
    ["expiration", { ...FIELDS }],
    ["everything", undefined],
  ])("refuses an answer without %s: CREDENTIALS_INVALID naming who answered", (_, answer) => {
    let thrown: unknown;
    try {
      credentialsFromAnswer(answer, "SSO GetRoleCredentials");
    } catch (error) {
      thrown = error;
    }
    expect(isSsoenvError(thrown, "CREDENTIALS_INVALID")).toBe(true);
    expect((thrown as Error).message).toBe("SSO GetRoleCredentials returned incomplete credentials");
  });
});
