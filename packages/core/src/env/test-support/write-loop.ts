/**
 * Test child: rewrites the same keys of a .env file in a loop, each round with a new generation
 * number in every value, until it is killed. Prints "ready" after the first write.
 * Usage: node --import tsx write-loop.ts <file> <keys>
 */
import { updateEnvFile } from "../update-env-file.js";

const [path, keyCount] = process.argv.slice(2) as [string, string];
const filler = "x".repeat(2_000);
for (let generation = 1; ; generation++) {
  const values: Record<string, string> = {};
  for (let i = 0; i < Number(keyCount); i++) values[`KEY_${i}`] = `gen${generation}-${filler}`;
  await updateEnvFile({ path, values });
  if (generation === 1) process.stdout.write("ready\n");
}
