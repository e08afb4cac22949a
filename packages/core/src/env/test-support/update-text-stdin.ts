/**
 * Test child: runs updateEnvText on the .env text it reads from stdin (a key of ours set), then
 * prints "done". For tests that run it under V8 flags (update-env-text-linear.test.ts).
 * Usage: node [V8 flags] --import tsx update-text-stdin.ts < file
 */
import { readFileSync } from "node:fs";
import { updateEnvText } from "../update-env-text.js";

updateEnvText({ text: readFileSync(0, "latin1"), values: { AWS_REGION: "eu-west-1" } });
process.stdout.write("done\n");
