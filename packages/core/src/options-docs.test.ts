import { readFile } from "node:fs/promises";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** `export type { A, B } from "./x.js"` of index.ts: each exported *Options name and its file. */
async function exportedOptionTypes(): Promise<{ name: string; file: URL }[]> {
  const index = await readFile(new URL("./index.ts", import.meta.url), "utf8");
  return [...index.matchAll(/^export type \{([^}]*)\} from "(\.[^"]+)\.js";/gm)].flatMap((match) =>
    (match[1] ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name.endsWith("Options"))
      .map((name) => ({ name, file: new URL(`${match[2]}.ts`, import.meta.url) })),
  );
}

// STYLE.md: JSDoc on every public export and option. An option without one shows nothing in an
// editor's hover, which is all a script author reads there.
describe("@ssoenv/core's public options", () => {
  it("every option of every exported *Options interface has a JSDoc comment", async () => {
    const undocumented: string[] = [];
    let options = 0;
    for (const { name, file } of await exportedOptionTypes()) {
      const text = await readFile(file, "utf8");
      const source = ts.createSourceFile(file.pathname, text, ts.ScriptTarget.Latest, true);
      const declaration = source.statements.find(
        (statement): statement is ts.InterfaceDeclaration =>
          ts.isInterfaceDeclaration(statement) && statement.name.text === name,
      );
      expect(declaration, `interface ${name} in ${file.pathname}`).toBeDefined();
      for (const member of declaration?.members ?? []) {
        options++;
        if (ts.getJSDocCommentsAndTags(member).length === 0) {
          undocumented.push(`${name}.${member.name?.getText(source)}`);
        }
      }
    }
    expect(options).toBeGreaterThan(30);
    expect(undocumented).toEqual([]);
  });
});
