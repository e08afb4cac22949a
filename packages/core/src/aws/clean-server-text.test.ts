import { describe, expect, it } from "vitest";
import { cleanServerText } from "./clean-server-text.js";
import { rememberSecret } from "./secret-registry.js";

describe("cleanServerText", () => {
  it("drops CSI, OSC (BEL or ST ended), C1 and lone control characters, on one line", () => {
    const text =
      "a\u001b[31mb\u001b[0m c\u001b]0;title\u0007d\u001b]8;;http://x\u001b\\e \u009b2Jf\u0000g\r\nh\u0085i\u007f";
    expect(cleanServerText(text)).toBe("ab cde f g h i");
  });

  it("redacts remembered secrets, also when escapes split them", () => {
    const secret = `tok${Math.random().toString(36).slice(2)}${Date.now()}`;
    rememberSecret(secret);
    const split = `${secret.slice(0, 5)}\u001b[0m${secret.slice(5)}`;
    expect(cleanServerText(`echo ${secret} and ${split}`)).toBe("echo [redacted] and [redacted]");
  });

  it("keeps at most maxLength characters, after redacting", () => {
    const secret = `sec${Date.now()}${Math.random().toString(36).slice(2)}`;
    rememberSecret(secret);
    const cleaned = cleanServerText(`${"x".repeat(10)}${secret}`, 14);
    expect(cleaned).toBe("xxxxxxxxxx[re…");
    expect(cleaned).not.toContain(secret.slice(0, 5));
  });
});
