// Locating a JSON syntax error (host/json-syntax.ts): line, column and what
// was expected, never the characters around it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jsonErrorAt, parseJsonText } from "../../host/json-syntax.js";

const cases: [string, string, number, number, RegExp][] = [
  ["an unquoted value", "{\n  \"a\": secret\n}", 2, 8, /a value/],
  ["a comma before the closing brace", "{\"a\": 1,\n}", 2, 1, /another entry/],
  ["a missing comma", "[1 2]", 1, 4, /a comma or \]/],
  ["single quotes", "{'a': 1}", 1, 2, /property name in double quotes/],
  ["an unclosed string", "{\"a\": \"abc", 1, 11, /closing double quote/],
  ["a bad escape", "\"a\\qb\"", 1, 3, /an escape/],
  ["text after the value", "{} x", 1, 4, /the end of the text/],
  ["an empty text", "", 1, 1, /a value/],
];
for (const [name, text, line, column, expected] of cases) {
  test(`a syntax error is located: ${name}`, () => {
    const spot = jsonErrorAt(text);
    assert.ok(spot, "an error is found");
    assert.deepEqual([spot.line, spot.column], [line, column]);
    assert.match(spot.expected, expected);
  });
}

test("valid JSON has no error spot, whatever its shape", () => {
  for (const text of ["{}", " [ ] ", "{\"a\": [1, -2.5e3, true, false, null, \"\\u00e9\\n\"], \"b\": {\"c\": \"\"}}", "0"]) {
    assert.equal(jsonErrorAt(text), null, text);
    assert.deepEqual(parseJsonText(text), JSON.parse(text));
  }
});

test("the parse error names where, never the text there", () => {
  assert.throws(() => parseJsonText("{\"password\": hunter2}"), (err: Error) => {
    assert.equal(err.message, "not JSON at line 1, column 14: expected a value: a string in double quotes, a number, true, false, null, an object or a list");
    return true;
  });
});
