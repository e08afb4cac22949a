import { describe, expect, it } from "vitest";
import { callAws } from "./call-aws.js";

/** An SDK error as the SDK throws an AWS error answer. */
const answer = (name: string, status: number) =>
  Object.assign(new Error(name), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });

/** The pauses callAws takes before its retries of a call that always fails with `error`. */
async function pausesFor(error: Error, random: () => number): Promise<number[]> {
  const pauses: number[] = [];
  await expect(
    callAws(
      {
        operation: "SSO GetRoleCredentials",
        endpoint: "http://127.0.0.1:1",
        env: {},
        random,
        onRetry: (r) => pauses.push(r.delayMs),
      },
      async () => {
        throw error;
      },
    ),
  ).rejects.toThrow("(3 attempts in");
  return pauses;
}

describe("callAws backoff", () => {
  it("throttling waits as the AWS SDK and the AWS CLI do: a random part of 1 s, then of 2 s (full jitter)", async () => {
    expect(await pausesFor(answer("TooManyRequestsException", 429), () => 0.999)).toEqual([999, 1998]);
    expect(await pausesFor(answer("TooManyRequestsException", 429), () => 0)).toEqual([0, 0]);
  });

  it("a 5xx answer waits 200 ms then 400 ms, within 20 % either way", async () => {
    expect(await pausesFor(answer("InternalServerException", 500), () => 0.5)).toEqual([200, 400]);
    expect(await pausesFor(answer("InternalServerException", 500), () => 0)).toEqual([160, 320]);
  });
});
