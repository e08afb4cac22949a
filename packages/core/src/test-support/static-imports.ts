import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Every source file that loading `entry` loads too: its static imports of our own files, followed
 * recursively (paths relative to src/). `import type` is left out, as tsc leaves it out; `import()`
 * too, as it loads only when it runs. A file-reading check of what an import costs, without a clock.
 */
export function staticImports(entry: string): string[] {
  const src = join(dirname(fileURLToPath(import.meta.url)), "..");
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const [, what, spec] of text.matchAll(/^(?:import|export)\s+([^;]*?)\s*from\s+"(\.[^"]+)"/gm)) {
      if (what?.startsWith("type ") || spec === undefined) continue;
      visit(join(dirname(file), spec.replace(/\.js$/, ".ts")));
    }
  };
  visit(join(src, entry));
  return [...seen].map((file) => relative(src, file)).sort();
}
