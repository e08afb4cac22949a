import type { EmulatorState } from "./emulator-state.js";
import { randomToken } from "./random.js";
import type { ConsoleSignIn } from "./types.js";

/** A sign-in token works for 15 minutes (AWS's documented lifetime). */
const SIGNIN_TOKEN_MS = 15 * 60_000;
/** `SessionDuration` bounds of getSigninToken, in seconds. */
const MIN_SESSION_S = 900;
const MAX_SESSION_S = 43_200;

/** An answer of the federation endpoint, before it is written to the wire. */
export type FederationAnswer =
  | { status: 200; json: { SigninToken: string } }
  | { status: 302; location: string }
  | { status: 400 | 403; text: string };

interface SigninTokenRecord {
  accountId: string;
  roleName: string;
  expiresAt: number;
}

/**
 * The AWS sign-in federation endpoint (`https://signin.aws.amazon.com/federation`):
 * `Action=getSigninToken` turns role credentials (the `Session` JSON) into a sign-in token, and
 * `Action=login` with that token signs the browser in to the console and redirects to `Destination`.
 * Here the "console" is a record of the sign-in (see `Emulator.consoleSignIns()`).
 */
export class ConsoleFederation {
  private readonly tokens = new Map<string, SigninTokenRecord>();
  private readonly signIns: ConsoleSignIn[] = [];

  constructor(private readonly state: EmulatorState) {}

  handle(params: URLSearchParams): FederationAnswer {
    const action = params.get("Action");
    if (action === "getSigninToken") return this.getSigninToken(params);
    if (action === "login") return this.login(params);
    return { status: 400, text: "Unsupported Action: use getSigninToken or login\n" };
  }

  /** Console sign-ins so far, oldest first. */
  list(): ConsoleSignIn[] {
    return this.signIns.map((signIn) => ({ ...signIn }));
  }

  private getSigninToken(params: URLSearchParams): FederationAnswer {
    const duration = params.get("SessionDuration");
    if (duration !== null) {
      const seconds = Number(duration);
      if (!Number.isInteger(seconds) || seconds < MIN_SESSION_S || seconds > MAX_SESSION_S) {
        return { status: 400, text: `SessionDuration must be from ${MIN_SESSION_S} to ${MAX_SESSION_S}\n` };
      }
    }
    let session: { sessionId?: unknown; sessionKey?: unknown; sessionToken?: unknown };
    try {
      session = JSON.parse(params.get("Session") ?? "");
    } catch {
      return {
        status: 400,
        text: "Session must be a JSON object with sessionId, sessionKey and sessionToken\n",
      };
    }
    const record =
      typeof session?.sessionId === "string" ? this.state.findCredentials(session.sessionId) : undefined;
    const now = this.state.clock.now();
    if (
      !record ||
      record.secretAccessKey !== session.sessionKey ||
      record.sessionToken !== session.sessionToken ||
      now >= record.expiresAt
    ) {
      // the service answers a bad or expired Session with a bare 400
      return { status: 400, text: "The Session credentials are not valid\n" };
    }
    const token = randomToken(96);
    this.tokens.set(token, {
      accountId: record.accountId,
      roleName: record.roleName,
      expiresAt: now + SIGNIN_TOKEN_MS,
    });
    return { status: 200, json: { SigninToken: token } };
  }

  private login(params: URLSearchParams): FederationAnswer {
    const record = this.tokens.get(params.get("SigninToken") ?? "");
    if (!record || this.state.clock.now() >= record.expiresAt) {
      return { status: 400, text: "The SigninToken is not valid or has expired\n" };
    }
    const destination = params.get("Destination");
    let target: URL;
    try {
      target = new URL(destination ?? "");
    } catch {
      return { status: 400, text: "Destination must be a URL\n" };
    }
    if (target.protocol !== "https:") return { status: 400, text: "Destination must be an https URL\n" };
    this.signIns.push({
      accountId: record.accountId,
      roleName: record.roleName,
      destination: target.toString(),
      ...(params.get("Issuer") ? { issuer: params.get("Issuer") as string } : {}),
      at: new Date(this.state.clock.now()),
    });
    return { status: 302, location: target.toString() };
  }
}
