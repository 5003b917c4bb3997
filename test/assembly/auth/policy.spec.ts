// The retry rule that stops 401 loops (RFC 7616 §3.3 stale; RFC 3261 §22.2,
// §22.3): answer the first challenge of each kind, answer stale=true with a new
// nonce once in a row, give up on the same challenge after credentials.
import * as P from "../../../assembly/sip/auth/policy";
import { KAMAILIO, challenge401, challenge407 } from "./challenges";

const STATE: usize = memory.data(P.AUTH_STATE_SIZE);

describe("retry policy (RFC 7616 §3.3 stale; RFC 3261 §22.2)", () => {
  beforeEach(() => { P.authStateReset(STATE); });

  it("the first challenge is answered", () => {
    challenge401(KAMAILIO);
    expect(P.authDecide(STATE)).toBe(P.POLICY_ANSWER);
  });

  it("the same challenge again after credentials means give up (wrong password)", () => {
    challenge401(KAMAILIO);
    P.authAnswered(STATE);
    challenge401(KAMAILIO);
    expect(P.authDecide(STATE)).toBe(P.POLICY_REJECTED);
  });

  it("a new nonce without stale=true after credentials still means give up", () => {
    challenge401(KAMAILIO);
    P.authAnswered(STATE);
    challenge401("Digest realm=\"example.com\", nonce=\"other\", qop=\"auth\"");
    expect(P.authDecide(STATE)).toBe(P.POLICY_REJECTED);
  });

  it("stale=true with a new nonce is answered again", () => {
    challenge401(KAMAILIO);
    P.authAnswered(STATE);
    challenge401("Digest realm=\"example.com\", nonce=\"other\", qop=\"auth\", stale=true");
    expect(P.authDecide(STATE)).toBe(P.POLICY_ANSWER);
  });

  it("stale=true with the nonce already answered means give up", () => {
    challenge401(KAMAILIO);
    P.authAnswered(STATE);
    challenge401(KAMAILIO + ", stale=true");
    expect(P.authDecide(STATE)).toBe(P.POLICY_REJECTED);
  });

  it("a proxy challenge after the UAS's is answered (one retry per kind)", () => {
    challenge401(KAMAILIO);
    P.authAnswered(STATE);
    challenge407(KAMAILIO);
    expect(P.authDecide(STATE)).toBe(P.POLICY_ANSWER);
  });

  it("a second stale=true in a row is not answered (POLICY_LIMIT): a server refusing every nonce ends", () => {
    challenge401("Digest realm=\"example.com\", nonce=\"n0\"");
    P.authAnswered(STATE);
    challenge401("Digest realm=\"example.com\", nonce=\"n1\", stale=true");
    expect(P.authDecide(STATE)).toBe(P.POLICY_ANSWER);
    P.authAnswered(STATE);
    challenge401("Digest realm=\"example.com\", nonce=\"n2\", stale=true");
    expect(P.authDecide(STATE)).toBe(P.POLICY_LIMIT);
  });

  it("a challenge without stale=true after a stale retry means give up (the password was checked)", () => {
    challenge401("Digest realm=\"example.com\", nonce=\"n0\"");
    P.authAnswered(STATE);
    challenge401("Digest realm=\"example.com\", nonce=\"n1\", stale=true");
    P.authAnswered(STATE);
    challenge401("Digest realm=\"example.com\", nonce=\"n2\"");
    expect(P.authDecide(STATE)).toBe(P.POLICY_REJECTED);
  });

  it("the first challenge of a kind is answered even with stale=true, and a stale=true after it still is", () => {
    challenge401("Digest realm=\"example.com\", nonce=\"n0\", stale=true");
    expect(P.authDecide(STATE)).toBe(P.POLICY_ANSWER);
    P.authAnswered(STATE);
    challenge401("Digest realm=\"example.com\", nonce=\"n1\", stale=true");
    expect(P.authDecide(STATE)).toBe(P.POLICY_ANSWER);
  });

  it("an unusable challenge means give up", () => {
    challenge401("Basic realm=\"r\"");
    expect(P.authDecide(STATE)).toBe(P.POLICY_UNUSABLE);
  });

  it("a new request starts with no answers", () => {
    challenge401(KAMAILIO);
    P.authAnswered(STATE);
    P.authStateReset(STATE);
    expect(P.authDecide(STATE)).toBe(P.POLICY_ANSWER);
  });
});
