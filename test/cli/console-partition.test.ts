import { describe, expect, it, vi } from "vitest";
import { useCliWorld } from "./support/use-cli-world.js";

// Each test runs the built CLI a few times; on a loaded machine a run takes seconds.
vi.setConfig({ testTimeout: 120_000 });

// An Identity Center in the AWS European Sovereign Cloud: ssoenv knows no console sign-in there (AWS
// documents none), so `ssoenv console` cannot work without AWS_ENDPOINT_URL_SIGNIN and --destination.
const world = useCliWorld({ per: "test", emulator: { region: "eusc-de-east-1" } });

describe("ssoenv console in a partition whose console ssoenv does not know", () => {
  it("is refused before any login or AWS call, signed out or in", async () => {
    const said = [
      "ssoenv: ssoenv does not know the AWS console sign-in of partition aws-eusc (region eusc-de-east-1)",
      "hint: set AWS_ENDPOINT_URL_SIGNIN to its sign-in endpoint (its /federation is asked) and give the page to open: --destination URL",
    ];
    // Signed out, no terminal: the reason, not "log in first" (a login would not make it work).
    const signedOut = await world.run(["console", "--profile", "stg", "--url"]);
    expect(signedOut.stderr.trim().split("\n")).toEqual(said);
    expect(signedOut.exitCode).toBe(1);
    await world.logIn();
    world.emulator.resetStats();
    const signedIn = await world.run(["console", "--profile", "stg", "--url"]);
    expect(signedIn.stderr.trim().split("\n")).toEqual(said);
    expect(signedIn.exitCode).toBe(1);
    expect(signedIn.stdout).toBe("");
    // No role credentials fetched, no identity asked, for a link that cannot be made.
    expect(world.emulator.stats().total).toBe(0);
  });

  it("told where to sign in and what to open, it signs in there", async () => {
    await world.logIn();
    const destination = "https://console.example/home";
    const result = await world.run(["console", "--profile", "stg", "--url", "--destination", destination], {
      env: { AWS_ENDPOINT_URL_SIGNIN: world.emulator.url },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const url = new URL(result.stdout.trim());
    expect(`${url.origin}${url.pathname}`).toBe(`${world.emulator.url}/federation`);
    expect(url.searchParams.get("Destination")).toBe(destination);
  });
});
