// The JSON text a Bubble user types into "json data", and the time claims and options around it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  decodeJwt,
  describeJwtError,
  encodeJwt,
  encodeJwtDetailed,
  fixedClock,
  type JsonFault,
  type JwtError,
  type JwtPayload,
  type JwtWarning,
  verifyJwt,
} from "../../src/jwt/index.js";
import { CLOCK, expectJwtError, NOW, NOW_SECONDS, SECRET } from "./helpers.js";

const encode = (payload: object | string, options = {}) =>
  encodeJwt(payload, { key: SECRET, clock: CLOCK, ...options });
const claimsOf = (payload: object | string, options = {}): JwtPayload =>
  decodeJwt(encode(payload, options)).payload;
const kindOf = (payload: string): string | undefined => {
  try {
    encode(payload);
  } catch (error) {
    return (error as JwtError).fault?.kind;
  }
  return undefined;
};

describe("empty payloads: ERR_PAYLOAD_REQUIRED, 'payload is required'", () => {
  for (const [name, value] of [
    ["empty text", ""],
    ["blank text", "  \n\t "],
    ["null text", "null"],
    ["null text with spaces", "  null \n"],
    ["null", null],
    ["undefined", undefined],
  ] as const) {
    it(name, () => {
      expectJwtError(() => encode(value as unknown as string), "ERR_PAYLOAD_REQUIRED", "payload is required");
    });
  }
});

describe("JSON-text mistakes: where, and the usual cause, as a fault kind", () => {
  it("an unquoted dynamic value", () => {
    const error = expectJwtError(
      () => encode('{\n  "user_id": "42",\n  "email": john@example.com\n}'),
      "ERR_PAYLOAD_INVALID",
      "line 3, column 12",
      "not in quotes",
      "john@example.com",
    );
    assert.equal(error.line, 3);
    assert.equal(error.column, 12);
    assert.equal(error.reason, "json-syntax");
    assert.equal(error.option, "payload");
    assert.deepEqual(error.fault, {
      kind: "unquoted-value",
      line: 3,
      column: 12,
      excerpt: '...": "42", "email": >>> john@example.com }',
      expected: "a value (text in double quotes, a number, true, false, null, an object or a list)",
    });
  });

  it("an unquoted value that starts with digits", () => {
    const error = expectJwtError(
      () => encode('{"user_id": 1687abc}'),
      "ERR_PAYLOAD_INVALID",
      "not in quotes",
    );
    assert.equal(error.line, 1);
    assert.equal(error.column, 17);
  });

  it("an unquoted value with a space", () => {
    expectJwtError(() => encode('{"name": John Smith}'), "ERR_PAYLOAD_INVALID", "column 10", "not in quotes");
  });

  it("a quote inside a value", () => {
    const error = expectJwtError(
      () => encode('{"name": "John "Johnny" Smith"}'),
      "ERR_PAYLOAD_INVALID",
      "A quote inside a text value",
      '\\"',
    );
    assert.equal(error.column, 17);
    assert.equal(error.fault?.kind, "quote-in-value");
  });

  it("a line break inside a value", () => {
    const error = expectJwtError(
      () => encode('{\n"bio": "line one\nline two"\n}'),
      "ERR_PAYLOAD_INVALID",
      "line break",
    );
    assert.equal(error.fault?.kind, "control-character");
    assert.equal(error.line, 2);
    assert.equal(error.column, 17);
  });

  it('an empty dynamic value: "email": ,', () => {
    const error = expectJwtError(
      () => encode('{"user_id": "42", "email": , "plan": "pro"}'),
      "ERR_PAYLOAD_INVALID",
      "A value is missing",
      '"email": ,',
    );
    assert.equal(error.column, 28);
    assert.equal(error.fault?.kind, "missing-value");
    expectJwtError(() => encode('{"user_id": "42", "email": }'), "ERR_PAYLOAD_INVALID", "A value is missing");
    expectJwtError(
      () => encode('{"user_id": "42", "email":\n}'),
      "ERR_PAYLOAD_INVALID",
      "A value is missing",
    );
  });

  it("a trailing comma", () => {
    const error = expectJwtError(
      () => encode('{\n  "a": 1,\n  "b": 2,\n}'),
      "ERR_PAYLOAD_INVALID",
      "trailing comma",
      "line 4, column 1",
    );
    assert.equal(error.line, 4);
    expectJwtError(() => encode('{"list": [1, 2,]}'), "ERR_PAYLOAD_INVALID", "trailing comma");
  });

  it("curly quotes pasted from a document", () => {
    expectJwtError(
      () => encode("{“user_id”: “42”}"),
      "ERR_PAYLOAD_INVALID",
      "curly quotes",
      "line 1, column 2",
    );
    expectJwtError(() => encode('{"user_id": ‘42’}'), "ERR_PAYLOAD_INVALID", "curly quotes");
  });

  it("curly quotes inside a well-quoted value are fine, and do not mislead the hint", () => {
    assert.equal(claimsOf('{"quote": "He said “hi”"}').quote, "He said “hi”");
    expectJwtError(() => encode('{"q": "He said “hi”", "a": 1,}'), "ERR_PAYLOAD_INVALID", "trailing comma");
  });

  it("single quotes, unclosed brackets and trailing text", () => {
    expectJwtError(() => encode("{'a': 1}"), "ERR_PAYLOAD_INVALID", "double quotes");
    expectJwtError(() => encode('{"a": 1'), "ERR_PAYLOAD_INVALID", "ends too early");
    expectJwtError(() => encode('{"a": 1} x'), "ERR_PAYLOAD_INVALID", "something follows", "column 10");
  });

  it("every mistake has its fault kind, with neutral advice", () => {
    const cases: [string, string][] = [
      ['{"a": 1,}', "trailing-comma"],
      ['{"a": }', "missing-value"],
      ["{“a”: 1}", "curly-quotes"],
      ['{"a": "x\ty"}', "control-character"],
      ['{"a": abc}', "unquoted-value"],
      ['{"a": "x"y"}', "quote-in-value"],
      ["{'a': 1}", "single-quotes"],
      ["{a: 1}", "unquoted-name"],
      ['{"a": 1', "syntax"],
      ['{"a" 1}', "syntax"],
      ["[1]", "not-an-object"],
    ];
    for (const [text, kind] of cases) assert.equal(kindOf(text), kind, text);
  });

  it("a layer adds its own advice from the fault kind, never by editing the message", () => {
    const error = expectJwtError(() => encode('{"email": }'), "ERR_PAYLOAD_INVALID");
    const wording = {
      option: (option: string) => (option === "payload" ? '"JSON data"' : undefined),
      faultAdvice: (fault: JsonFault) =>
        fault.kind === "missing-value" ? "Use :formatted as JSON-safe on the value." : undefined,
    };
    const worded = describeJwtError(error, wording);
    assert.ok(worded.startsWith('"JSON data" is not valid JSON: a value'), worded);
    assert.ok(worded.endsWith("Use :formatted as JSON-safe on the value."), worded);
    assert.ok(!error.message.includes("formatted as JSON-safe"));
  });

  it("the excerpt is short, even in a long text", () => {
    const long = `{"a": "${"x".repeat(500)}", "b": ,}`;
    const error = expectJwtError(() => encode(long), "ERR_PAYLOAD_INVALID", "A value is missing");
    assert.ok(error.message.length < 500, error.message);
  });

  for (const [name, text, kind] of [
    ["a list", "[1, 2]", "a list"],
    ["a text", '"hello"', "a string"],
    ["a number", "42", "a number"],
    ["a boolean", "true", "a boolean"],
  ] as const) {
    it(`JSON that is ${name} is refused`, () => {
      expectJwtError(() => encode(text), "ERR_PAYLOAD_INVALID", "must be a JSON object", kind);
    });
  }

  it("non-object values given directly are refused", () => {
    expectJwtError(() => encode([1, 2]), "ERR_PAYLOAD_INVALID", "plain object", "a list");
    expectJwtError(() => encode(42 as unknown as object), "ERR_PAYLOAD_INVALID", "number");
    expectJwtError(() => encode(Buffer.from("{}")), "ERR_PAYLOAD_INVALID", "plain object");
  });

  it("values JSON cannot write are refused", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expectJwtError(() => encode(circular), "ERR_PAYLOAD_INVALID", "circular");
    expectJwtError(() => encode({ n: 10n }), "ERR_PAYLOAD_INVALID", "BigInt");
  });
});

describe("exp, iat, nbf given as milliseconds or text", () => {
  const ms = NOW.getTime() + 3_600_000;

  it("13-digit milliseconds become seconds, with a warning (onWarning and warnings)", () => {
    const seen: JwtWarning[] = [];
    const result = encodeJwtDetailed(
      { exp: ms, iat: NOW.getTime(), nbf: NOW.getTime() },
      { key: SECRET, clock: CLOCK, onWarning: (warning) => seen.push(warning) },
    );
    assert.equal(result.payload.exp, NOW_SECONDS + 3600);
    assert.equal(result.payload.iat, NOW_SECONDS);
    assert.equal(result.payload.nbf, NOW_SECONDS);
    const converted = result.warnings.filter((warning) => warning.code === "WARN_MILLISECONDS_CONVERTED");
    assert.deepEqual(converted.map((warning) => warning.claim).sort(), ["exp", "iat", "nbf"]);
    assert.match(converted[0]?.message ?? "", /milliseconds.*seconds/);
    assert.deepEqual(seen, result.warnings);
    assert.equal(result.expiresAt?.getTime(), (NOW_SECONDS + 3600) * 1000);
  });

  it("numeric text becomes a number, with a warning; ms text is converted twice over", () => {
    const result = encodeJwtDetailed(
      { exp: String(NOW_SECONDS + 60), nbf: ` ${NOW_SECONDS} `, iat: String(NOW.getTime()) },
      { key: SECRET, clock: CLOCK },
    );
    assert.equal(result.payload.exp, NOW_SECONDS + 60);
    assert.equal(result.payload.nbf, NOW_SECONDS);
    assert.equal(result.payload.iat, NOW_SECONDS);
    const codes = result.warnings.map((warning) => `${warning.code}:${warning.claim}`).sort();
    assert.deepEqual(codes, [
      "WARN_MILLISECONDS_CONVERTED:iat",
      "WARN_NUMERIC_TEXT_CONVERTED:exp",
      "WARN_NUMERIC_TEXT_CONVERTED:iat",
      "WARN_NUMERIC_TEXT_CONVERTED:nbf",
    ]);
  });

  it("Bubble's 'formatted as UNIX' (ms, as text) in the JSON text", () => {
    const warnings: JwtWarning[] = [];
    const token = encodeJwt(`{"user_id": "42", "exp": "${ms}"}`, {
      key: SECRET,
      clock: CLOCK,
      onWarning: (warning) => warnings.push(warning),
    });
    assert.equal(verifyJwt(token, SECRET, { clock: CLOCK }).payload.exp, NOW_SECONDS + 3600);
    assert.equal(warnings.length, 2);
  });

  it("fractional seconds become whole seconds", () => {
    assert.equal(claimsOf({ exp: NOW_SECONDS + 10.9 }).exp, NOW_SECONDS + 10);
  });

  for (const value of ["tomorrow", "", "12abc", "-5", -5, null, true, [1], { at: 1 }, Number.NaN]) {
    it(`exp ${JSON.stringify(value)} is refused`, () => {
      const error = expectJwtError(() => encode({ exp: value }), "ERR_JWT_CLAIM_INVALID", '"exp"', "seconds");
      assert.equal(error.claim, "exp");
    });
  }

  it("iat and nbf with wrong values are refused too", () => {
    expectJwtError(() => encode({ iat: "now" }), "ERR_JWT_CLAIM_INVALID", '"iat"');
    expectJwtError(() => encode({ nbf: false }), "ERR_JWT_CLAIM_INVALID", '"nbf"');
  });
});

describe("__proto__, constructor and prototype keys", () => {
  it("never change a prototype, from JSON text or an object", () => {
    const text =
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": 1}';
    const claims = claimsOf(text);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(claims), Object.prototype);
    assert.equal((claims as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(claims, "__proto__")?.value, { polluted: true });
    assert.equal(claims.prototype, 1);

    const fromObject = JSON.parse(text) as Record<string, unknown>;
    const token = encode(fromObject);
    const verified = verifyJwt(token, SECRET, { clock: CLOCK, requiredClaims: ["__proto__", "constructor"] });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(verified.payload), Object.prototype);
    assert.equal((verified.payload as Record<string, unknown>).polluted, undefined);
  });

  it("a __proto__ header member is inert too", () => {
    const token = encodeJwt(
      {},
      { key: SECRET, clock: CLOCK, header: JSON.parse('{"__proto__": {"alg": "none"}}') },
    );
    const { header } = verifyJwt(token, SECRET, { clock: CLOCK });
    assert.equal(header.alg, "HS256");
    assert.equal(({} as Record<string, unknown>).alg, undefined);
  });
});

describe("expiresInMinutes", () => {
  it("defaults to 60 minutes; exp = iat + round(minutes x 60)", () => {
    const claims = claimsOf({});
    assert.equal(claims.iat, NOW_SECONDS);
    assert.equal(claims.exp, NOW_SECONDS + 3600);
    assert.equal(decodeJwt(encode({})).header.typ, "JWT");
  });

  for (const [minutes, seconds] of [
    [1, 60],
    [0.5, 30],
    [0.01, 1],
    [1.999, 120],
    [1440, 86400],
  ] as const) {
    it(`${minutes} minutes is ${seconds} s`, () => {
      const claims = claimsOf({}, { expiresInMinutes: minutes });
      assert.equal((claims.exp as number) - (claims.iat as number), seconds);
    });
  }

  it("NumericDates are whole seconds even when now has milliseconds", () => {
    const claims = claimsOf({}, { clock: fixedClock(new Date(NOW.getTime() + 999)), expiresInMinutes: 0.75 });
    assert.equal(claims.iat, NOW_SECONDS);
    assert.equal(claims.exp, NOW_SECONDS + 45);
  });

  for (const bad of [0, -1, -0.5, Number.NaN, Number.POSITIVE_INFINITY, "60", "abc", null, true]) {
    it(`${JSON.stringify(bad) ?? String(bad)} is refused with a clear message`, () => {
      const error = expectJwtError(
        () => encode({}, { expiresInMinutes: bad }),
        "ERR_OPTION_INVALID",
        "expiresInMinutes must be a positive number of minutes",
      );
      assert.equal(error.option, "expiresInMinutes");
      assert.match(error.problem ?? "", /^must be a positive number of minutes/);
      assert.ok(["type", "out-of-range"].includes(error.reason ?? ""), error.reason);
    });
  }

  it("counts exp from the signing time, never from a payload's iat", () => {
    const iat = NOW_SECONDS - 600;
    const claims = claimsOf({ iat: iat * 1000 }, { expiresInMinutes: 60 });
    assert.equal(claims.iat, iat);
    assert.equal(claims.exp, NOW_SECONDS + 3600);
    assert.equal(claimsOf({ iat }).exp, NOW_SECONDS + 3600);
  });

  it("a payload iat in the future cannot stretch the lifetime (the year-5138 token)", () => {
    const error = expectJwtError(
      () => encode({ iat: 99999999999 }, { expiresInMinutes: 60 }),
      "ERR_PAYLOAD_INVALID",
      '"iat"',
      "later than the signing time",
    );
    assert.equal(error.claim, "iat");
    assert.equal(error.reason, "in-the-future");
    assert.equal(error.date?.getTime(), 99999999999 * 1000);
    expectJwtError(() => encode({ iat: NOW_SECONDS + 1 }), "ERR_PAYLOAD_INVALID", '"iat"');
  });

  it("a payload iat ahead by no more than clockToleranceSeconds is kept", () => {
    const claims = claimsOf({ iat: NOW_SECONDS + 30 }, { clockToleranceSeconds: 30 });
    assert.equal(claims.iat, NOW_SECONDS + 30);
    assert.equal(claims.exp, NOW_SECONDS + 3600);
    expectJwtError(
      () => encode({ iat: NOW_SECONDS + 31 }, { clockToleranceSeconds: 30 }),
      "ERR_PAYLOAD_INVALID",
      '"iat"',
    );
    expectJwtError(
      () => encode({}, { clockToleranceSeconds: -1 }),
      "ERR_OPTION_INVALID",
      "clockToleranceSeconds must be a finite number of at least 0",
    );
  });

  it("notBeforeMinutes sets nbf", () => {
    assert.equal(claimsOf({}, { notBeforeMinutes: 5 }).nbf, NOW_SECONDS + 300);
    expectJwtError(() => encode({}, { notBeforeMinutes: "5" }), "ERR_OPTION_INVALID", "notBeforeMinutes");
  });
});

describe("noExpiry and what wins", () => {
  it("a token without exp only with noExpiry: true", () => {
    assert.equal(claimsOf({}, { noExpiry: true }).exp, undefined);
    assert.equal(typeof claimsOf({}, { noExpiry: false }).exp, "number");
    assert.equal(typeof claimsOf({}, { noExpiry: "yes" }).exp, "number");
    expectJwtError(
      () => encode({}, { noExpiry: true, expiresInMinutes: 5 }),
      "ERR_OPTION_INVALID",
      "either expiresInMinutes or noExpiry",
    );
  });

  it("with noExpiry, a payload exp is kept", () => {
    assert.equal(claimsOf({ exp: NOW_SECONDS + 5 }, { noExpiry: true }).exp, NOW_SECONDS + 5);
  });

  it("a payload exp is kept when expiresInMinutes is not given", () => {
    const result = encodeJwtDetailed({ exp: NOW_SECONDS + 120 }, { key: SECRET, clock: CLOCK });
    assert.equal(result.payload.exp, NOW_SECONDS + 120);
    assert.deepEqual(result.warnings, []);
  });

  it("expiresInMinutes wins over a payload exp, with a warning", () => {
    const result = encodeJwtDetailed(
      { exp: NOW_SECONDS + 120 },
      { key: SECRET, clock: CLOCK, expiresInMinutes: 10 },
    );
    assert.equal(result.payload.exp, NOW_SECONDS + 600);
    assert.deepEqual(
      result.warnings.map((warning) => [warning.code, warning.claim]),
      [["WARN_CLAIM_REPLACED", "exp"]],
    );
  });

  it("issuer, subject, audience and jwtId options win over the payload, with warnings", () => {
    const result = encodeJwtDetailed(
      { iss: "payload", sub: "payload", aud: "payload", jti: "payload" },
      { key: SECRET, clock: CLOCK, issuer: "opt", subject: "opt", audience: ["a", "b"], jwtId: "opt" },
    );
    assert.equal(result.payload.iss, "opt");
    assert.equal(result.payload.sub, "opt");
    assert.deepEqual(result.payload.aud, ["a", "b"]);
    assert.equal(result.payload.jti, "opt");
    assert.equal(result.warnings.filter((warning) => warning.code === "WARN_CLAIM_REPLACED").length, 4);
  });

  it("jwtId: true gives a random 128-bit id", () => {
    const a = claimsOf({}, { jwtId: true }).jti as string;
    const b = claimsOf({}, { jwtId: true }).jti as string;
    assert.match(a, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(a, b);
    expectJwtError(() => encode({}, { jwtId: "" }), "ERR_OPTION_INVALID", "jwtId");
    expectJwtError(() => encode({}, { audience: [] }), "ERR_OPTION_INVALID", "audience");
  });

  it("an invalid clock is refused", () => {
    for (const clock of [fixedClock(new Date("nonsense")), () => "soon", () => 9e15]) {
      const error = expectJwtError(
        () => encode({}, { clock: clock as () => number }),
        "ERR_OPTION_INVALID",
        "clock must return milliseconds since 1970",
      );
      assert.equal(error.option, "clock");
    }
    const error = expectJwtError(
      () => encode({}, { clock: NOW as unknown as () => number }),
      "ERR_OPTION_INVALID",
      "clock must be a function",
    );
    assert.equal(error.reason, "type");
  });
});
