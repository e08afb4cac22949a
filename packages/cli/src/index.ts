export { createProgram } from "./program.js";
export { runCli } from "./run-cli.js";
