import { describe, expect, it } from "vitest";
import { localIsoSeconds } from "./local-iso-seconds.js";

describe("localIsoSeconds", () => {
  it("writes the machine's clock with its offset, to the second, and Z where the offset is 0", () => {
    const date = new Date("2026-12-07T14:11:28.049Z");
    const offset = -date.getTimezoneOffset();
    const text = localIsoSeconds(date);
    if (offset === 0) expect(text).toBe("2026-12-07T14:11:28Z");
    else expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:28[+-]\d\d:\d\d$/);
    // The same instant, whatever the zone.
    expect(new Date(text).getTime()).toBe(Date.parse("2026-12-07T14:11:28Z"));
    expect(text.slice(11, 16)).toBe(
      `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`,
    );
  });
});
