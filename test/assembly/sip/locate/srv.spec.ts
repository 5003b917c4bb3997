// The order of SRV targets (assembly/sip/locate/srv.ts, RFC 2782 "Usage
// rules"): lowest priority first, and among equal priorities a weighted
// random choice with the station's random (seeded here, so runs repeat).
import { srvPick } from "../../../../assembly/sip/locate/srv";
import { seedRandom } from "../../../../assembly/sip/ua/random";
import { answerBegin, addSrv } from "./locate-support";

describe("SRV order (RFC 2782)", () => {
  test("the lowest priority comes first whatever its weight", () => {
    seedRandom(1, 2, 3, 4);
    answerBegin();
    addSrv(60, 20, 65535, 5060, "heavy.test");
    addSrv(60, 10, 1, 5060, "light.test");
    for (let i = 0; i < 50; i++) expect(srvPick(2, 0)).toBe(1);
  });
  test("a record already taken is not picked again", () => {
    seedRandom(1, 2, 3, 4);
    answerBegin();
    addSrv(60, 10, 0, 5060, "a.test");
    addSrv(60, 20, 0, 5060, "b.test");
    expect(srvPick(2, 1)).toBe(1);
  });
  test("among equal priorities, each comes first in proportion to its weight", () => {
    seedRandom(1, 2, 3, 4);
    answerBegin();
    addSrv(60, 10, 1, 5060, "one.test");
    addSrv(60, 10, 3, 5060, "three.test");
    let heavier = 0;
    for (let i = 0; i < 4000; i++) if (srvPick(2, 0) == 1) heavier++;
    // r is uniform over 0..4: the weight-3 record wins for r of 2, 3 or 4 (3/5 of the draws: weight 1 runs to 1).
    expect(heavier).toBeGreaterThan(2200);
    expect(heavier).toBeLessThan(2600);
  });
  test("records of weight 0 keep a small chance (they are placed first)", () => {
    seedRandom(1, 2, 3, 4);
    answerBegin();
    addSrv(60, 10, 100, 5060, "weighted.test");
    addSrv(60, 10, 0, 5060, "zero.test");
    let zero = 0;
    for (let i = 0; i < 10100; i++) if (srvPick(2, 0) == 1) zero++;
    // Only r = 0 of 0..100 picks it: about 1 draw in 101.
    expect(zero).toBeGreaterThan(50);
    expect(zero).toBeLessThan(160);
  });
});
