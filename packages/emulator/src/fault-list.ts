import type { EmulatorFault, OperationName } from "./types.js";

const KINDS = new Set(["throttle", "server-error", "latency", "drop"]);
const OPERATIONS = new Set([
  "*",
  "RegisterClient",
  "StartDeviceAuthorization",
  "CreateToken",
  "GetRoleCredentials",
  "ListAccounts",
  "ListAccountRoles",
  "Logout",
  "GetCallerIdentity",
  "AssumeRole",
]);

/** What to do to one request: wait for `gate` (a hold), then `latencyMs`, then fail with `kind` (if any). */
export interface FaultPlan {
  latencyMs: number;
  kind?: "throttle" | "server-error" | "drop";
  gate?: Promise<void>;
}

/** A request held by `hold()`: `arrived` once it came in, answered (or faulted) after `release()`. */
export interface HeldRequest {
  arrived: Promise<void>;
  release(): void;
}

interface Hold {
  operation: OperationName | "*";
  arrive(): void;
  gate: Promise<void>;
  release(): void;
  taken: boolean;
}

/** Injected faults, in the order added. Each one hits at most `times` requests. */
export class FaultList {
  private faults: (EmulatorFault & { remaining: number })[] = [];
  private holds: Hold[] = [];

  add(fault: EmulatorFault): void {
    validateFault(fault);
    this.faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  /**
   * Holds the next request for `operation` (or any, "*") until `release()`: a test can act while a
   * call is surely in flight, however slow the machine. Faults still apply once released.
   */
  hold(operation: OperationName | "*"): HeldRequest {
    if (!OPERATIONS.has(operation)) throw new TypeError(`hold: unknown operation ${operation}`);
    let arrive = () => {};
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.push({ operation, arrive, gate, release, taken: false });
    return { arrived, release };
  }

  /** Removes every fault, and releases every held request. */
  clear(): void {
    this.faults = [];
    for (const hold of this.holds) hold.release();
    this.holds = [];
  }

  /** Consumes the faults matching `operation`: every latency adds up, the first other kind wins. */
  planFor(operation: OperationName): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0 };
    // A hold stays listed once taken, so that clear() can still release its call.
    const hold = this.holds.find((h) => !h.taken && (h.operation === "*" || h.operation === operation));
    if (hold) {
      hold.taken = true;
      hold.arrive();
      plan.gate = hold.gate;
    }
    for (const fault of this.faults) {
      if (fault.remaining <= 0 || (fault.operation !== "*" && fault.operation !== operation)) continue;
      if (fault.kind === "latency") {
        plan.latencyMs += fault.latencyMs ?? 1000;
        fault.remaining--;
      } else if (!plan.kind) {
        plan.kind = fault.kind;
        fault.remaining--;
      }
    }
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return plan;
  }
}

/** Throws a TypeError naming the bad field (the control API turns it into a 400). */
export function validateFault(fault: unknown): asserts fault is EmulatorFault {
  const f = fault as Partial<EmulatorFault> | null;
  if (!f || typeof f !== "object") throw new TypeError("fault must be an object");
  if (!OPERATIONS.has(String(f.operation)))
    throw new TypeError(`fault.operation: unknown operation ${f.operation}`);
  if (!KINDS.has(String(f.kind))) {
    throw new TypeError(`fault.kind must be one of throttle, server-error, latency, drop; got ${f.kind}`);
  }
  if (f.times !== undefined && f.times !== null && !(typeof f.times === "number" && f.times >= 0)) {
    throw new TypeError("fault.times must be a number >= 0");
  }
  if (f.latencyMs !== undefined && !(typeof f.latencyMs === "number" && f.latencyMs >= 0)) {
    throw new TypeError("fault.latencyMs must be a number >= 0");
  }
}
