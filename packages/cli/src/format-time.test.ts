import { describe, expect, it } from "vitest";
import { describeOutlived, describeSession } from "./describe-session.js";
import { formatLeft, formatLocalTime } from "./format-time.js";

describe("formatLocalTime", () => {
  it("shows only the time for today and the day too otherwise", () => {
    const now = new Date(2026, 10, 28, 9, 0);
    expect(formatLocalTime(new Date(2026, 10, 28, 18, 42), now)).toBe("18:42");
    expect(formatLocalTime(new Date(2026, 10, 29, 1, 5), now)).toBe("Sun 29 Nov 01:05");
  });

  it("prints what en-GB's Intl format printed (the earlier implementation), at every hour of a year", () => {
    // Except that September is "Sep" like every other month, not ICU's en-GB "Sept".
    const now = new Date(2026, 0, 1, 12, 0);
    for (let hour = 0; hour < 366 * 24; hour += 7) {
      const date = new Date(2026, 0, 1, hour, (hour * 13) % 60);
      const time = date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
      const day = date
        .toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short" })
        .replace(" Sept", " Sep");
      const expected = date.toDateString() === now.toDateString() ? time : `${day} ${time}`;
      expect(formatLocalTime(date, now)).toBe(expected);
    }
  });
});

describe("formatLeft", () => {
  it.each([
    [90 * 60_000, "1h 30m left"],
    [45_000, "45s left"],
    // The end passed during the command, after the check found it ahead: never "expired left".
    [0, "none left"],
    [-1500, "none left"],
  ])("shows %d ms as %s", (ms, text) => {
    expect(formatLeft(ms)).toBe(text);
  });

  it("describeSession words an end that passed during the command", () => {
    const now = new Date(2026, 11, 7, 4, 46, 0, 5).getTime();
    const text = describeSession(
      {
        sessionEndsAt: new Date(2026, 11, 7, 4, 46),
        credentialsExpireAt: new Date(2026, 11, 7, 4, 46),
      },
      now,
    );
    expect(text).toBe("signed in until 04:46 (none left), credentials until 04:46 (none left)");
  });
});

describe("describeOutlived", () => {
  it("names the sign-in time, the duration ssoenv assumed and the setting, once", () => {
    const outlived = {
      signedInAt: new Date(2026, 11, 7, 9, 0),
      durationMs: 8 * 3_600_000,
      setting: "ssoenv_session_duration in [sso-session corp]",
    };
    const text = describeOutlived(outlived, new Date(2026, 11, 7, 18, 0));
    expect(text).toBe(
      "signed in at 09:00, still working past the 8h ssoenv expected (set ssoenv_session_duration in [sso-session corp] to your Identity Center's session duration)",
    );
    expect(describeOutlived({ ...outlived, durationMs: 20_000 }, new Date(2026, 11, 7, 18, 0))).toContain(
      "past the 20s ssoenv",
    );
  });
});
