// Where a text stops being JSON (RFC 8259), as a line and a column and what
// was expected there, never the text itself: the engine's own message quotes
// the characters around the error, which in a configuration can be the
// password or a door code (docs/config.md, "The password is write-only").

/** The first syntax error of a JSON text: 1-based line and column (in characters) and what should be there. */
export interface JsonSpot {
  line: number;
  column: number;
  expected: string;
}

class Stop {
  constructor(readonly at: number, readonly expected: string) {}
}

const MAX_DEPTH = 256;

/** Scans `s` as JSON; null when it is JSON, else the spot of its first error. */
export function jsonErrorAt(s: string): JsonSpot | null {
  let i = 0;
  const stop: (expected: string) => never = (expected) => {
    throw new Stop(i, expected);
  };
  const space = () => {
    while (i < s.length && " \t\n\r".includes(s[i])) i++;
  };
  const text = () => {
    for (i++; ; ) {
      if (i >= s.length) stop("the closing double quote of the string");
      const c = s.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) stop("no control character inside a string (write \\n or \\t)");
      if (c !== 0x5c) i++;
      else if ("\"\\/bfnrt".includes(s[i + 1] ?? "x")) i += 2;
      else if (s[i + 1] === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) i += 6;
      else stop("an escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits");
    }
  };
  const items = (close: string, item: () => void) => {
    i++;
    space();
    if (s[i] === close) return void i++;
    for (;;) {
      item();
      space();
      if (s[i] === close) return void i++;
      if (s[i] !== ",") stop(`a comma or ${close}`);
      i++;
      space();
      if (s[i] === close) stop("another entry: JSON allows no comma before the closing bracket");
    }
  };
  const value = (depth: number): void => {
    space();
    if (depth > MAX_DEPTH) stop(`at most ${MAX_DEPTH} nested objects and lists`);
    if (s[i] === "{") {
      return items("}", () => {
        space();
        if (s[i] !== "\"") stop("a property name in double quotes");
        text();
        space();
        if (s[i] !== ":") stop("a colon after the property name");
        i++;
        value(depth + 1);
      });
    }
    if (s[i] === "[") return items("]", () => value(depth + 1));
    if (s[i] === "\"") return text();
    const word = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(s.slice(i, i + 400));
    if (!word) stop("a value: a string in double quotes, a number, true, false, null, an object or a list");
    i += word[0].length;
  };
  try {
    value(0);
    space();
    if (i < s.length) stop("the end of the text after the value");
    return null;
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    const before = s.slice(0, err.at);
    const line = before.split("\n").length;
    return { line, column: err.at - (before.lastIndexOf("\n") + 1) + 1, expected: err.expected };
  }
}

/** Parses JSON; a syntax error says where and what was expected, never the text around it. */
export function parseJsonText(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    const spot = jsonErrorAt(s);
    throw new SyntaxError(spot ? `not JSON at line ${spot.line}, column ${spot.column}: expected ${spot.expected}` : "not JSON");
  }
}
