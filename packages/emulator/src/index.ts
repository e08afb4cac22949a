export { generateAccounts } from "./generate-accounts.js";
export { startEmulator } from "./start-emulator.js";
export type {
  ConsoleSignIn,
  Emulator,
  EmulatorAccount,
  EmulatorClock,
  EmulatorFault,
  EmulatorLifetimes,
  EmulatorOptions,
  EmulatorRole,
  EmulatorStats,
  EmulatorTraffic,
  IssuedToken,
  OperationName,
  PendingAuthorization,
} from "./types.js";
export { endpointRuleSet, writeAwsCliDataPath } from "./write-aws-cli-data-path.js";
