// The session descriptions the UA core puts in its messages (RFC 3264), as
// the layer above gives them. The UA knows nothing of what they say:
//  - the offer (setLocalSdp): new INVITEs, UPDATEs, and answers to requests
//    that carried no offer;
//  - the answer for one call (setAnswerSdp): the 2xx (or reliable 183) to an
//    INVITE of that call that carried an offer (RFC 3264 §6), and the 200 to
//    a re-INVITE or UPDATE whose offer the reoffer handler answered (§8);
//  - the reoffer handler: answers an offer that arrives inside a dialog, or
//    refuses it (488, RFC 3261 §21.4.26); without one, the offer is answered
//    with the local description as it is.

// @ts-ignore: decorator
@unmanaged class Offer {
  /** Where the layer above keeps our offer (it stays there), and its length. */
  text: usize;
  length: i32;
}
const OFFER: usize = memory.data(offsetof<Offer>(), 4);
// @ts-ignore: decorator
@inline function offer(): Offer { return changetype<Offer>(OFFER); }

/** Our offer is [src, src+len) from now on: the text stays where the caller keeps it. */
export function setLocalSdp(src: usize, len: i32): bool {
  if (len < 0) return false;
  offer().text = src;
  offer().length = len;
  return true;
}

export function localSdp(): usize { return offer().text; }
export function localSdpLength(): i32 { return offer().length; }

// @ts-ignore: decorator
@unmanaged class Answer {
  /** The call whose responses carry it, plus one (0: none, as static memory starts). */
  owner: i32;
  /** Where the layer above keeps its text (it stays there until cleared), and its length. */
  text: usize;
  length: i32;
}
const ANSWER: usize = memory.data(offsetof<Answer>(), 4);
// @ts-ignore: decorator
@inline function answer(): Answer { return changetype<Answer>(ANSWER); }

/** Call c's responses carry [text, text+len) from now on (the text stays where it is until clearAnswerSdp). */
export function setAnswerSdp(c: i32, text: usize, len: i32): void {
  const a = answer();
  a.owner = c + 1;
  a.text = text;
  a.length = len;
}

/** Call c has no answer of its own any more (answered, or gone): its responses carry the offer. */
export function clearAnswerSdp(c: i32): void {
  if (answer().owner == c + 1) answer().owner = 0;
}

/** The description call c's responses carry: its answer, else the local SDP. */
export function sdpFor(c: i32): usize { return c >= 0 && answer().owner == c + 1 ? answer().text : offer().text; }
export function sdpLengthFor(c: i32): i32 { return c >= 0 && answer().owner == c + 1 ? answer().length : offer().length; }

/** Answers an offer that arrived in call c's dialog: 200 (its answer set with setAnswerSdp), or the final status refusing it. */
export type ReofferHandler = (c: i32, body: usize, len: i32, now: u32) => i32;

function answerWithLocal(c: i32, body: usize, len: i32, now: u32): i32 { return 200; }

// A setting, not state (issue 15): the application installs its handler once at start-up; nothing resets it.
let reoffer: ReofferHandler = answerWithLocal;

export function setReofferHandler(h: ReofferHandler): void { reoffer = h; }

/** The handler's verdict on the offer [body, body+len) in call c's re-INVITE or UPDATE. */
export function answerReoffer(c: i32, body: usize, len: i32, now: u32): i32 { return reoffer(c, body, len, now); }
