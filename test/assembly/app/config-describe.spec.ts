// What the configuration's generated field table (schema.generated.ts, from
// host/config.schema.json) tells of a record tag: describe(tag, into) fills a
// FieldInfo the caller owns and returns whether the tag is known; nothing is
// passed through module globals, so one caller's record never changes under
// another's call.
import * as F from "../../../assembly/app/config/schema.generated";

const A = changetype<F.FieldInfo>(memory.data(<i32>offsetof<F.FieldInfo>()));
const B = changetype<F.FieldInfo>(memory.data(<i32>offsetof<F.FieldInfo>()));

function text(p: usize): string { return changetype<string>(p); }

describe("describe(tag, into)", () => {
  test("a top-level number: its JSON path, kind, width and range from the schema", () => {
    expect(F.describe(F.T_REGISTER_EXPIRY, A)).toBe(true);
    expect(text(A.name)).toBe("registerExpiry");
    expect(<i32>A.scope).toBe(F.S_TOP);
    expect(<i32>A.kind).toBe(F.K_NUMBER);
    expect(<i32>A.width).toBe(4);
    expect(A.min).toBe(60);
    expect(A.max).toBe(86400);
    expect(text(A.rule)).toBe("out of range 60..86400");
  });

  test("a text inside a list: its name there, its list, width -1 and its character set", () => {
    expect(F.describe(F.T_BUTTON_TARGET, A)).toBe(true);
    expect(text(A.name)).toBe("targets");
    expect(<i32>A.scope).toBe(F.S_BUTTON);
    expect(<i32>A.kind).toBe(F.K_TEXT);
    expect(<i32>A.width).toBe(-1);
    expect(<i32>A.charset).toBe(F.CS_URI);
    expect(text(F.charsetRule(<i32>A.charset))).toBe("give a SIP URI starting with sip: or sips:, no spaces or <>\"`\\");
  });

  test("a list's begin record is kind K_BEGIN in its own scope", () => {
    expect(F.describe(F.T_RELAY, A)).toBe(true);
    expect(<i32>A.kind).toBe(F.K_BEGIN);
    expect(<i32>A.scope).toBe(F.S_RELAY);
  });

  test("an unknown tag is false and leaves the record as it was", () => {
    F.describe(F.T_LOCAL_PORT, A);
    expect(F.describe(0x99, A)).toBe(false);
    expect(text(A.name)).toBe("localPort");
  });

  test("describing into one record leaves another caller's record alone", () => {
    F.describe(F.T_DOMAIN, A);
    F.describe(F.T_RELAY_PULSE_MS, B);
    expect(text(A.name)).toBe("domain");
    expect(<i32>A.charset).toBe(F.CS_HOST);
    expect(text(B.name)).toBe("pulseMs");
  });
});

describe("numberOk(into, tag, v)", () => {
  test("an enumeration with gaps takes only its block values (confirmKey: 0x23, 0x2a, 0)", () => {
    F.describe(F.T_CONFIRM_KEY, A);
    expect(F.numberOk(A, F.T_CONFIRM_KEY, F.CONFIRM_STAR)).toBe(true);
    expect(F.numberOk(A, F.T_CONFIRM_KEY, F.CONFIRM_NONE)).toBe(true);
    expect(F.numberOk(A, F.T_CONFIRM_KEY, 0x30)).toBe(false);
  });

  test("a number outside the range the record holds is refused", () => {
    F.describe(F.T_LOCKOUT_TRIES, A);
    expect(F.numberOk(A, F.T_LOCKOUT_TRIES, 20)).toBe(true);
    expect(F.numberOk(A, F.T_LOCKOUT_TRIES, 21)).toBe(false);
    expect(F.numberOk(A, F.T_LOCKOUT_TRIES, 0)).toBe(false);
  });
});
