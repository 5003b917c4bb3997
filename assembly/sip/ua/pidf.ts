// The station's presence as a PIDF document (RFC 3863), written into the
// shared body buffer for a PUBLISH. One tuple, the station itself, whose
// basic status is always "open": the station is reachable (RFC 3863 §4.1.4:
// open means it accepts communication: a MESSAGE, a transfer from the desk,
// a subscription, even while busy). A call shows as a person activity of the
// rich presence extensions, "on-the-phone" (RFC 4480 §3.2; a person element
// of the data model, RFC 4479 §3.1), with a note ("in a call"); idle is the
// note "idle" and no activity. "closed" would tell watchers the door cannot
// be reached at all, which is not what a call means.

import { bodyReset, bodyPut, bodyPutAor, bodyLength } from "./body";

// Literals cost two octets a character in static memory: the namespace
// prefix is written once, and the document has no XML declaration (optional,
// XML 1.0 §2.8: UTF-8 is the default) and no line breaks.

/** A namespace declaration: ` xmlns<prefix>="urn:ietf:params:xml:ns:pidf<suffix>"`. */
function ns(prefix: string, suffix: string): void {
  bodyPut(" xmlns");
  bodyPut(prefix);
  bodyPut("=\"urn:ietf:params:xml:ns:pidf");
  bodyPut(suffix);
  bodyPut("\"");
}

/** The document for the station idle or in a call (`busy`); its length. Read it at bodyData(). */
export function writePidf(busy: bool): i32 {
  bodyReset();
  bodyPut("<presence");
  ns("", "");
  ns(":dm", ":data-model");
  ns(":rpid", ":rpid");
  bodyPut(" entity=\"");
  bodyPutAor();
  bodyPut("\"><tuple id=\"station\"><status><basic>open</basic></status></tuple>");
  if (busy) bodyPut("<note>in a call</note><dm:person id=\"door\"><rpid:activities><rpid:on-the-phone/></rpid:activities></dm:person>");
  else bodyPut("<note>idle</note>");
  bodyPut("</presence>");
  return bodyLength();
}
