import type { EmulatorAccount } from "./types.js";

/** Permission sets an organisation typically hands out, in the order accounts get them. */
const ROLE_NAMES = ["AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "Billing", "SecurityAudit"];

/**
 * An organisation of `count` accounts, one per service and stage ("svc-007 production",
 * "svc-007 staging", ...), each with the first `roles` permission sets. Deterministic: the same
 * arguments give the same accounts, so a test can say which profile names to expect.
 * Account ids are 12 digits from 100000000001 up.
 * @example startEmulator({ accounts: generateAccounts({ count: 300, roles: 3 }) })
 */
export function generateAccounts(options: { count: number; roles?: number }): EmulatorAccount[] {
  const roles = options.roles ?? 3;
  if (!Number.isInteger(options.count) || options.count < 0) {
    throw new TypeError("generateAccounts: count must be a whole number >= 0");
  }
  if (!Number.isInteger(roles) || roles < 1) throw new TypeError("generateAccounts: roles must be >= 1");
  const roleNames = Array.from({ length: roles }, (_, i) => ROLE_NAMES[i] ?? `Role${i + 1}`);
  return Array.from({ length: options.count }, (_, i) => {
    const service = String(Math.floor(i / 2) + 1).padStart(3, "0");
    const stage = i % 2 === 0 ? "production" : "staging";
    const accountId = String(100_000_000_001 + i);
    return {
      accountId,
      accountName: `svc-${service} ${stage}`,
      emailAddress: `aws+${accountId}@example.com`,
      roles: [...roleNames],
    };
  });
}
