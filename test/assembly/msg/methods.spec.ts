import { lookupMethod, methodName, M_INVITE, M_BENOTIFY, M_EXTENSION, M_ACK } from "../../../assembly/sip/msg/methods";
import { ascii } from "./scratch";

function lookup(name: string): i32 {
  return lookupMethod(ascii(name), name.length);
}

describe("methods (RFC 3261 §7.1)", () => {
  it("recognises each method of the seed text by id", () => {
    for (let id = M_INVITE; id <= M_BENOTIFY; id++) expect(lookup(methodName(id))).toBe(id);
  });

  it("method names are case-sensitive: a lower-case INVITE is an extension method", () => {
    expect(lookup("invite")).toBe(M_EXTENSION);
    expect(lookup("Ack")).toBe(M_EXTENSION);
  });

  it("any other token is an extension method", () => {
    expect(lookup("NEWMETHOD")).toBe(M_EXTENSION);
    expect(lookup("RE%47IST%45R")).toBe(M_EXTENSION);
    expect(lookup("ACKS")).toBe(M_EXTENSION);
    expect(lookup("ACK")).toBe(M_ACK);
  });
});
