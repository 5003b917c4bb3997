// The other methods of the event family as the station answers them:
// MESSAGE (RFC 3428) received in and out of calls, SERVICE (an expired
// draft: RFC 3261 §8.2.1), and the methods this UA has no use for.
import { UA_MESSAGE } from "../../../assembly/sip/ua/events";
import { fresh } from "../app/app-support";
import { confirmedCall, inDialog, receive, lines, firstSent, header, uaEventsOf, uaEventText } from "./ua-support";

describe("MESSAGE received (RFC 3428)", () => {
  it("outside any call, a text/plain MESSAGE gets 200 and the application its text", () => {
    fresh();
    receive(inDialog("MESSAGE", -1, 1, "", "please hold the door", "text/plain"), 0);
    expect(lines()).toBe("SIP/2.0 200 OK");
    expect(uaEventsOf(UA_MESSAGE)).toBe("-1:0:0");
    expect(uaEventText(UA_MESSAGE)).toBe("please hold the door");
  });

  it("in a call, it gets 200 and names the call", () => {
    const c = confirmedCall(0);
    receive(inDialog("MESSAGE", c, 2, "", "coming down", "text/plain;charset=UTF-8"), 100);
    expect(lines()).toBe("SIP/2.0 200 OK");
    expect(uaEventsOf(UA_MESSAGE)).toBe(c.toString() + ":0:0");
  });

  it("a body that is not text/plain gets 415 with Accept: text/plain, and is not handed on", () => {
    fresh();
    receive(inDialog("MESSAGE", -1, 1, "", "v=0\r\n", "application/sdp"), 0);
    expect(lines()).toBe("SIP/2.0 415 Unsupported Media Type");
    expect(header(firstSent("SIP/2.0"), "Accept")).toBe("text/plain");
    expect(uaEventsOf(UA_MESSAGE)).toBe("");
  });
});

describe("methods the station does not serve (RFC 3261 §8.2.1)", () => {
  it("SERVICE gets 501 Not Implemented with Allow: the station does not implement it at all", () => {
    fresh();
    receive(inDialog("SERVICE", -1, 1, "", "<soap/>", "text/plain"), 0);
    expect(lines()).toBe("SIP/2.0 501 Not Implemented");
    expect(header(firstSent("SIP/2.0"), "Allow").includes("SUBSCRIBE")).toBe(true);
  });

  it("SERVICE in a call gets 501 as well", () => {
    const c = confirmedCall(0);
    receive(inDialog("SERVICE", c, 2, ""), 100);
    expect(lines()).toBe("SIP/2.0 501 Not Implemented");
  });

  it("PUBLISH gets 405 with Allow: the station is not a presence server", () => {
    fresh();
    receive(inDialog("PUBLISH", -1, 1, "Event: presence\r\n"), 0);
    expect(lines()).toBe("SIP/2.0 405 Method Not Allowed");
  });

  it("OPTIONS lists the events served: Allow-Events: dialog, refer", () => {
    fresh();
    receive(inDialog("OPTIONS", -1, 1, ""), 0);
    expect(header(firstSent("SIP/2.0 200"), "Allow-Events")).toBe("dialog, refer");
  });
});
