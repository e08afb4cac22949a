import { describe, expect, it } from "vitest";
import { parseDuration } from "../duration/parse-duration.js";
import { formatDuration } from "./format-duration.js";

describe("formatDuration", () => {
  it("writes hours and minutes below two days", () => {
    expect(formatDuration(25_000)).toBe("25s");
    expect(formatDuration(25 * 60_000)).toBe("25m");
    expect(formatDuration(5_400_000)).toBe("1h30m");
    expect(formatDuration(47 * 3_600_000)).toBe("47h");
  });

  // `--min-validity 1000d` said "no login can give the 24000h asked": the days given, as days.
  it("writes days from two days on, in the form --min-validity takes back", () => {
    expect(formatDuration(parseDuration("1000d"))).toBe("1000d");
    expect(formatDuration(parseDuration("30d"))).toBe("30d");
    expect(formatDuration(parseDuration("2d3h15m"))).toBe("2d3h15m");
    expect(formatDuration(parseDuration("48h"))).toBe("2d");
    for (const text of ["2d3h15m", "1000d", "3d30m"]) expect(formatDuration(parseDuration(text))).toBe(text);
  });
});
