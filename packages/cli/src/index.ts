export type { CommandEntry } from "./commands.js";
export { COMMANDS } from "./commands.js";
export { createProgram } from "./create-program.js";
export { runCli } from "./run-cli.js";
