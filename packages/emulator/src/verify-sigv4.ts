import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** A request as it arrived, for signature checking. */
export interface SignedRequest {
  method: string;
  /** Raw path and query, as on the request line. */
  url: string;
  /** Header name/value pairs as received (Node's `rawHeaders`). */
  rawHeaders: string[];
  body: Buffer;
}

/** The parts of a SigV4 signature: who signed, when, for which scope, over what. */
export interface ParsedSignature {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  /** `x-amz-security-token`, from a header or the presigned query. */
  securityToken: string | undefined;
  presigned: boolean;
}

/**
 * Reads the SigV4 signature of a request, from the Authorization header or a presigned query.
 * Returns undefined when the request is not SigV4-signed or the signature is malformed.
 */
export function parseSigV4(req: SignedRequest): ParsedSignature | undefined {
  const headers = headerMap(req.rawHeaders);
  const query = new URL(req.url, "http://x").searchParams;
  const auth = headers.get("authorization")?.[0];
  if (auth) {
    const match =
      /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/i.exec(
        auth,
      );
    if (!match) return undefined;
    const amzDate = headers.get("x-amz-date")?.[0];
    const scope = parseScope(match[1] ?? "");
    if (!amzDate || !scope) return undefined;
    return {
      ...scope,
      amzDate,
      signedHeaders: (match[2] ?? "").split(";"),
      signature: (match[3] ?? "").toLowerCase(),
      securityToken: headers.get("x-amz-security-token")?.[0],
      presigned: false,
    };
  }
  if (query.get("X-Amz-Algorithm") === "AWS4-HMAC-SHA256") {
    const scope = parseScope(query.get("X-Amz-Credential") ?? "");
    const amzDate = query.get("X-Amz-Date");
    const signature = query.get("X-Amz-Signature");
    if (!scope || !amzDate || !signature) return undefined;
    return {
      ...scope,
      amzDate,
      signedHeaders: (query.get("X-Amz-SignedHeaders") ?? "host").split(";"),
      signature: signature.toLowerCase(),
      securityToken: query.get("X-Amz-Security-Token") ?? undefined,
      presigned: true,
    };
  }
  return undefined;
}

/**
 * Recomputes the signature with `secretAccessKey` over the request as received and compares it.
 * Any change to the method, path, query, a signed header or the body makes it fail.
 */
export function verifySigV4(req: SignedRequest, parsed: ParsedSignature, secretAccessKey: string): boolean {
  const headers = headerMap(req.rawHeaders);
  const [rawPath = "/", rawQuery = ""] = splitOnce(req.url, "?");
  // every signed header must be present; host must be signed
  if (!parsed.signedHeaders.includes("host")) return false;
  const canonicalHeaders: string[] = [];
  for (const name of parsed.signedHeaders) {
    const values = headers.get(name);
    if (!values) return false;
    canonicalHeaders.push(`${name}:${values.map((v) => v.trim().replace(/\s+/g, " ")).join(",")}\n`);
  }
  const declaredHash = headers.get("x-amz-content-sha256")?.[0];
  if (
    declaredHash !== undefined &&
    declaredHash !== "UNSIGNED-PAYLOAD" &&
    declaredHash !== sha256Hex(req.body)
  ) {
    return false;
  }
  // presigned URLs sign either the (empty) body hash or UNSIGNED-PAYLOAD, depending on the service
  const payloadHashes = declaredHash
    ? [declaredHash]
    : parsed.presigned
      ? [sha256Hex(req.body), "UNSIGNED-PAYLOAD"]
      : [sha256Hex(req.body)];
  const prefix = [
    req.method.toUpperCase(),
    canonicalPath(rawPath),
    canonicalQuery(rawQuery, parsed.presigned),
    canonicalHeaders.join(""),
    parsed.signedHeaders.join(";"),
  ].join("\n");
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  let key = hmac(`AWS4${secretAccessKey}`, parsed.date);
  for (const part of [parsed.region, parsed.service, "aws4_request"]) key = hmac(key, part);
  const given = Buffer.from(parsed.signature);
  return payloadHashes.some((payloadHash) => {
    const canonicalRequest = `${prefix}\n${payloadHash}`;
    const stringToSign = ["AWS4-HMAC-SHA256", parsed.amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
    const expected = Buffer.from(hmac(key, stringToSign).toString("hex"));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

function parseScope(credential: string) {
  const parts = credential.split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request") return undefined;
  const [accessKeyId = "", date = "", region = "", service = ""] = parts;
  return { accessKeyId, date, region, service };
}

/** Lower-cased header name -> values in arrival order (repeated headers kept apart). */
function headerMap(rawHeaders: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? "").toLowerCase();
    const list = map.get(name) ?? [];
    list.push(rawHeaders[i + 1] ?? "");
    map.set(name, list);
  }
  return map;
}

function splitOnce(text: string, sep: string): [string, string] {
  const i = text.indexOf(sep);
  return i === -1 ? [text, ""] : [text.slice(0, i), text.slice(i + 1)];
}

/** RFC 3986 encoding as SigV4 wants it. */
function awsEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Non-S3 services: each path segment encoded (the SDKs encode the already-encoded path once more). */
function canonicalPath(rawPath: string): string {
  return rawPath
    .split("/")
    .map((segment) => awsEncode(segment))
    .join("/");
}

function canonicalQuery(rawQuery: string, presigned: boolean): string {
  if (!rawQuery) return "";
  const pairs = rawQuery
    .split("&")
    .filter((p) => p !== "")
    .map(
      (p) => splitOnce(p, "=").map((s) => awsEncode(safeDecode(s.replace(/\+/g, "%20")))) as [string, string],
    )
    .filter(([k]) => !(presigned && k === "X-Amz-Signature"));
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}
