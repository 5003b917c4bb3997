// Module state lives in named records over static memory, each with one reset
// (issue 15): after any scenario, the reset leaves every octet of the record
// as a fresh module has it, so that no field is forgotten by the reset.
import { sendPublish, publishReset, publishPending, PUBLICATION_AT, PUBLICATION_SIZE } from "../../../assembly/sip/ua/publish";
import { fresh, first } from "../app/app-support";
import { PRESENCE, PRESENCE_LEN, reply, deliver } from "../app/alarm-support";

/** The octets of [at, at+size) as they are now. */
function bytesOf(at: usize, size: usize): u8[] {
  const out = new Array<u8>(<i32>size);
  for (let i: usize = 0; i < size; i++) out[<i32>i] = load<u8>(at + i);
  return out;
}

/** How many octets differ between two snapshots of one record. */
function differing(a: u8[], b: u8[]): i32 {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
  return n;
}

// Taken when the module starts, before any scenario runs.
const FRESH_PUBLICATION = bytesOf(PUBLICATION_AT, PUBLICATION_SIZE);

describe("the publication's record (publish.ts Publication, RFC 3903)", () => {
  it("publishReset after an accepted publication, a 423 and one in flight leaves it as at start", () => {
    fresh(PRESENCE, PRESENCE_LEN);
    sendPublish(true, true, 60, 0);
    deliver(reply(first("PUBLISH"), 423, "Min-Expires: 600\r\n"), 10);
    deliver(reply(first("PUBLISH"), 200, "SIP-ETag: e1\r\nExpires: 600\r\n"), 20);
    sendPublish(false, false, 600, 30);
    expect(publishPending()).toBe(true);
    expect(differing(bytesOf(PUBLICATION_AT, PUBLICATION_SIZE), FRESH_PUBLICATION)).toBeGreaterThan(40);
    publishReset();
    expect(differing(bytesOf(PUBLICATION_AT, PUBLICATION_SIZE), FRESH_PUBLICATION)).toBe(0);
  });
});
