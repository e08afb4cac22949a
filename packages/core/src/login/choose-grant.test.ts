import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseGrant } from "./choose-grant.js";
import { browserAvailability, browserCommand } from "./display.js";

// inCi: false, as if run outside CI (a CI job's own test run is one: ci-job.ts reads this process).
const linuxDesktop = { platform: "linux" as const, inCi: false, inContainer: false, hasOpener: true };

describe("browserAvailability", () => {
  it("sees a browser on a Linux desktop, and none without DISPLAY/WAYLAND_DISPLAY or xdg-open", () => {
    expect(browserAvailability({ DISPLAY: ":0" }, linuxDesktop)).toEqual({ available: true });
    expect(browserAvailability({ WAYLAND_DISPLAY: "wayland-0" }, linuxDesktop)).toEqual({ available: true });
    expect(browserAvailability({}, linuxDesktop)).toEqual({ available: false, reason: "no-display" });
    expect(browserAvailability({ DISPLAY: ":0" }, { ...linuxDesktop, hasOpener: false })).toEqual({
      available: false,
      reason: "no-opener",
    });
  });

  it("takes only an executable file named xdg-open on PATH for an opener, not a folder or a file without its x bit", async () => {
    const { hasOpener: _, ...withoutOpener } = linuxDesktop;
    const folder = await mkdtemp(join(tmpdir(), "ssoenv-opener-"));
    try {
      const [dir, notAFile, notExecutable] = ["bin", "folder", "plain"].map((name) => join(folder, name));
      await mkdir(join(notAFile as string, "xdg-open"), { recursive: true });
      await mkdir(notExecutable as string);
      await writeFile(join(notExecutable as string, "xdg-open"), "#!/bin/sh\n", { mode: 0o644 });
      const env = { DISPLAY: ":0", PATH: `${notAFile}:${notExecutable}:${dir}` };
      expect(browserAvailability(env, withoutOpener)).toEqual({ available: false, reason: "no-opener" });
      await mkdir(dir as string);
      await writeFile(join(dir as string, "xdg-open"), "#!/bin/sh\n");
      await chmod(join(dir as string, "xdg-open"), 0o755);
      expect(browserAvailability(env, withoutOpener)).toEqual({ available: true });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("sees none over SSH or in a container, even with a display, unless BROWSER is set", () => {
    expect(browserAvailability({ DISPLAY: ":0", SSH_CONNECTION: "a 1 b 22" }, linuxDesktop)).toMatchObject({
      reason: "ssh",
    });
    expect(browserAvailability({ DISPLAY: ":0" }, { ...linuxDesktop, inContainer: true })).toMatchObject({
      reason: "container",
    });
    expect(
      browserAvailability({ BROWSER: "/opt/vscode/browser.sh", SSH_TTY: "/dev/pts/1" }, linuxDesktop),
    ).toEqual({ available: true });
  });

  it("sees none in CI (a runner's browser has no one to see it), on macOS too, unless BROWSER is set", () => {
    const macCi = { ...linuxDesktop, platform: "darwin" as const, inCi: true };
    expect(browserAvailability({}, macCi)).toEqual({ available: false, reason: "ci" });
    expect(browserAvailability({ DISPLAY: ":0" }, { ...linuxDesktop, inCi: true })).toEqual({
      available: false,
      reason: "ci",
    });
    expect(browserAvailability({ BROWSER: "/opt/post-url.sh" }, macCi)).toEqual({ available: true });
    // a login asked for in CI shows the device code in the job's log instead
    expect(
      chooseGrant({
        profile: { legacy: false },
        env: {},
        interactive: true,
        noBrowser: false,
        useDeviceCode: false,
        availability: browserAvailability({}, macCi),
      }),
    ).toMatchObject({ grant: "device-code", reason: "no-browser", noBrowser: "ci" });
  });

  it("sees one on macOS and Windows without DISPLAY", () => {
    expect(browserAvailability({}, { ...linuxDesktop, platform: "darwin" })).toEqual({ available: true });
    expect(browserAvailability({}, { ...linuxDesktop, platform: "win32" })).toEqual({ available: true });
  });
});

describe("browserCommand", () => {
  it("reads BROWSER as Python's webbrowser does: the first entry, %s replaced, else the URL appended", () => {
    expect(browserCommand("https://x/a?b=1", { BROWSER: "/usr/bin/firefox" })).toEqual([
      "/usr/bin/firefox",
      ["https://x/a?b=1"],
    ]);
    expect(browserCommand("https://x/", { BROWSER: "firefox --new-window %s:chromium" })).toEqual([
      "firefox",
      ["--new-window", "https://x/"],
    ]);
  });
});

describe("chooseGrant", () => {
  const base = {
    profile: { legacy: false },
    env: {},
    interactive: true,
    noBrowser: false,
    useDeviceCode: false,
    availability: { available: true } as const,
  };

  it("signs in with PKCE in the browser when one can open", () => {
    expect(chooseGrant(base)).toEqual({ grant: "pkce", opensBrowser: true, reason: "browser" });
  });

  it("uses the device code when asked, for a legacy profile, headless, or without a terminal", () => {
    expect(chooseGrant({ ...base, useDeviceCode: true })).toMatchObject({
      grant: "device-code",
      reason: "asked",
    });
    expect(chooseGrant({ ...base, noBrowser: true })).toEqual({
      grant: "device-code",
      opensBrowser: false,
      reason: "asked",
    });
    expect(chooseGrant({ ...base, profile: { legacy: true } })).toMatchObject({
      grant: "device-code",
      reason: "legacy-profile",
    });
    expect(chooseGrant({ ...base, availability: { available: false, reason: "container" } })).toEqual({
      grant: "device-code",
      opensBrowser: false,
      reason: "no-browser",
      noBrowser: "container",
    });
    expect(chooseGrant({ ...base, interactive: false })).toEqual({
      grant: "device-code",
      opensBrowser: false,
      reason: "no-terminal",
    });
  });

  it("still opens the browser on the device code's URL when asked for the device code where one can open", () => {
    expect(chooseGrant({ ...base, useDeviceCode: true }).opensBrowser).toBe(true);
  });
});
