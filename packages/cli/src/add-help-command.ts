import type { Command } from "commander";

/**
 * Gives `command` (the program, or a group such as `profiles`) a `help [command]` of its own in place
 * of commander's, which shows the group's help and exits 0 for a name it does not know: here an
 * unknown name is a usage error (exit 2), worded as `ssoenv <unknown>` is.
 */
export function addHelpCommand(command: Command): void {
  command.helpCommand(false);
  command
    .command("help [command]")
    .description("display help for command")
    .action((name?: string) => {
      if (name === undefined || name === "help") return command.help();
      const found = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
      if (!found) {
        const similar = closestName(
          name,
          command.commands.map((c) => c.name()).filter((n) => n !== "help"),
        );
        return command.error(
          `error: unknown command '${name}'${similar ? ` (Did you mean ${similar}?)` : ""}`,
          { code: "commander.unknownCommand" },
        );
      }
      return found.help();
    });
}

/**
 * The name `typed` most likely meant, as commander suggests for `ssoenv <typo>` (its suggestSimilar is
 * not exported): at most 2 edits (insert, delete, replace, swap two neighbours), under 60% of the
 * longer word changed.
 */
function closestName(typed: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(typed, name);
    const length = Math.max(typed.length, name.length);
    const similar = (length - distance) / length > 0.4;
    if (distance <= 2 && similar && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Damerau-Levenshtein (optimal string alignment) distance. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}
