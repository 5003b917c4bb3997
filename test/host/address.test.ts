// IP addresses on the host (host/address.ts): checked by node:net, turned into
// the board ABI's 18 octets (docs/board-abi.md) and back; bad input refused
// naming the field it came from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodePeer, encodePeer, ipv4Octets, ipv4Text, PEER_OCTETS } from "../../host/address.js";

test("an IPv4 address and port are 16 octets of ::ffff:a.b.c.d and the port big-endian", () => {
  const b = encodePeer({ host: "192.0.2.10", port: 5062 }, "from");
  assert.equal(b.length, PEER_OCTETS);
  assert.deepEqual([...b], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 10, 0x13, 0xc6]);
});

test("a mapped IPv4 address reads back as the dotted quad and port it was written from", () => {
  for (const a of [{ host: "0.0.0.0", port: 0 }, { host: "127.0.0.1", port: 5060 }, { host: "255.255.255.255", port: 65535 }]) {
    assert.deepEqual(decodePeer(encodePeer(a, "to")), a);
  }
});

test("an address that is not mapped IPv4 reads back as IPv6 text in its short form", () => {
  const loopback = new Uint8Array(PEER_OCTETS);
  loopback[15] = 1;
  loopback[17] = 80;
  assert.deepEqual(decodePeer(loopback), { host: "::1", port: 80 });
  const doc = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0x13, 0xc4]);
  assert.deepEqual(decodePeer(doc), { host: "2001:db8::2a", port: 5060 });
});

test("an IPv6 address, with or without brackets (RFC 3261 §25.1), is its 16 octets and the port; it reads back in its short form", () => {
  for (const host of ["2001:db8::2a", "[2001:db8::2a]", "2001:DB8:0:0:0:0:0:2A"]) {
    const b = encodePeer({ host, port: 5060 }, "from");
    assert.deepEqual([...b], [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x2a, 0x13, 0xc4], host);
    assert.deepEqual(decodePeer(b), { host: "2001:db8::2a", port: 5060 });
  }
});

test("a host that is not an IP address is refused naming the field and the forms expected", () => {
  for (const host of ["door.local", "01.2.3.4", "1.2.3", "256.1.1.1", "::g", "[::1", " 192.0.2.1"]) {
    assert.throws(() => encodePeer({ host, port: 5060 }, "outbound"),
      { message: `outbound.host: ${JSON.stringify(host)} is not an IP address (IPv4 a.b.c.d such as 192.0.2.10, or IPv6 such as 2001:db8::1 or [2001:db8::1])` }, host);
  }
});

test("a port outside 0..65535 is refused naming the field", () => {
  assert.throws(() => encodePeer({ host: "192.0.2.1", port: 65536 }, "via"), { message: "via.port: 65536 is not a port (0 to 65535)" });
  assert.throws(() => encodePeer({ host: "192.0.2.1", port: 50.5 }, "via"), /^Error: via\.port: 50\.5 is not a port/);
});

test("the octets of an IPv4 address give its dotted form back", () => {
  assert.deepEqual(ipv4Octets("10.0.200.7", "registrar.host"), [10, 0, 200, 7]);
  assert.equal(ipv4Text(Uint8Array.of(10, 0, 200, 7)), "10.0.200.7");
});
