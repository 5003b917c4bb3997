// The characters each text field of the configuration may hold
// (docs/config.md, "Texts"). Pure checks over [p, p+len); nothing is copied.

// What each set admits is declared once, in host/config.schema.json's "x-charsets": its octet class
// (octetIn) and its structure (charsetShape) are generated into schema.generated.ts. The structure rules
// are here, once; host/config.ts has the host's.
import { charsetShape, octetIn, ST_CLASS, ST_ESCAPES, ST_LABELS, ST_SIP_URI, ST_EITHER } from "./schema.generated";

function isHex(c: u32): bool { return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6; }
@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }

/** Every octet in the class. */
function classOk(cls: u32, p: usize, len: i32): bool {
  for (let i = 0; i < len; i++) if (!octetIn(cls, at(p, i))) return false;
  return true;
}

/** Class octets or escapes: escaped = "%" HEXDIG HEXDIG (RFC 3261 §25.1). */
function escapedOk(cls: u32, p: usize, len: i32): bool {
  for (let i = 0; i < len; i++) {
    const c = at(p, i);
    if (c == 0x25) {
      if (i + 2 >= len || !isHex(at(p, i + 1)) || !isHex(at(p, i + 2))) return false;
      i += 2;
    } else if (!octetIn(cls, c)) return false;
  }
  return true;
}

/**
 * Dot-separated labels of class octets, "-" at neither end of a label, each 1..63 octets: RFC 3261 §25.1
 * hostname, domainlabel = alphanum / alphanum *( alphanum / "-" ) alphanum; RFC 1035 §2.3.4, labels ≤ 63.
 */
function labelsOk(cls: u32, p: usize, len: i32): bool {
  let label = 0;
  for (let i = 0; i < len; i++) {
    const c = at(p, i);
    if (c == 0x2e) {
      if (label == 0 || at(p, i - 1) == 0x2d) return false;
      label = 0;
    } else if (!octetIn(cls, c) || (c == 0x2d && label == 0) || ++label > 63) return false;
  }
  return label > 0 && at(p, len - 1) != 0x2d;
}

/** The length of the "sip:" or "sips:" prefix at p (RFC 3261 §19.1.1, lower case), 0 when there is none. */
export function schemeLength(p: usize, len: i32): i32 {
  if (len >= 4 && at(p, 0) == 0x73 && at(p, 1) == 0x69 && at(p, 2) == 0x70) {
    if (at(p, 3) == 0x3a) return 4;
    if (len >= 5 && at(p, 3) == 0x73 && at(p, 4) == 0x3a) return 5;
  }
  return 0;
}

/** "sip:" or "sips:", then at least one class octet. */
function uriOk(cls: u32, p: usize, len: i32): bool {
  const s = schemeLength(p, len);
  return s > 0 && s < len && classOk(cls, p + <usize>s, len - s);
}

/** A shape's verdict (charsetShape), one without alternatives: false for ST_EITHER and for a shape without a class. */
function shapeOk(shape: u32, p: usize, len: i32): bool {
  const cls = (shape >> 8) & 0xff;
  switch (shape & 0xff) {
    case ST_CLASS: return cls != 0 && classOk(cls, p, len);
    case ST_ESCAPES: return escapedOk(cls, p, len);
    case ST_LABELS: return labelsOk(cls, p, len);
    case ST_SIP_URI: return uriOk(cls, p, len);
  }
  return false;
}

/**
 * Whether the `len` octets at p are admitted by charset `cs` (false for an unknown set). An "either" set takes
 * two sets that have classes (the generator's rule), so this does not recurse: the C stack keeps its bound.
 */
export function charsetOk(cs: i32, p: usize, len: i32): bool {
  const shape = charsetShape(cs);
  if ((shape & 0xff) != ST_EITHER) return shapeOk(shape, p, len);
  return shapeOk(charsetShape(<i32>((shape >> 16) & 0xff)), p, len) || shapeOk(charsetShape(<i32>(shape >> 24)), p, len);
}
