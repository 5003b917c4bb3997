// Validation of one header field value by its id, and recording of the
// values the UA needs. Unknown header fields are accepted as written
// (RFC 3261 §7.3.1: a UA ignores header fields it does not understand).

import * as H from "./header-names";
import { malformed, fail, countHeader, setField, setCSeq, setContentLength, setExpires, setMaxForwards, setRSeq, setMinExpires,
  F_CALL_ID, F_CSEQ_NUMBER, F_CSEQ_METHOD, F_FROM_URI, F_TO_URI, F_FROM_DISPLAY, F_TO_DISPLAY, F_CONTACT_URI,
  F_CONTENT_TYPE, F_EVENT, F_SUBSCRIPTION_STATE, F_REFER_TO_URI, F_RACK, hasField } from "./message";
import { at, FAIL, scanDigits, decimal, NOT_A_NUMBER } from "./scan";
import { lookupMethod } from "./methods";
import { parseVia } from "./via";
import { scanAddress, AddressParts } from "./address";
import * as V from "./values";

/** Header fields that may appear once only (their ABNF is not a list). */
function isSingleton(id: i32): bool {
  switch (id) {
    case H.H_FROM: case H.H_TO: case H.H_CALL_ID: case H.H_CSEQ: case H.H_MAX_FORWARDS:
    case H.H_CONTENT_LENGTH: case H.H_CONTENT_TYPE: case H.H_EXPIRES: case H.H_MIN_EXPIRES:
    case H.H_DATE: case H.H_RSEQ: case H.H_RACK: case H.H_EVENT: case H.H_SUBSCRIPTION_STATE:
    case H.H_REFER_TO: case H.H_REFERRED_BY: case H.H_RETRY_AFTER: case H.H_MIME_VERSION:
    case H.H_SESSION_EXPIRES: case H.H_MIN_SE: case H.H_TIMESTAMP:
      return true;
  }
  return false;
}

/** The address checkValue scans now: its own record, read right after the scan that fills it. */
const ADDRESS = changetype<AddressParts>(memory.data(<i32>offsetof<AddressParts>(), 4));

/** A single address with parameters (From, To, Refer-To, Referred-By). */
function isSingleAddress(p: usize, end: usize, id: i32): bool {
  return scanAddress(p, end, id, false, true, ADDRESS) == end;
}

/** A list of addresses (Contact, Route, Record-Route, Reply-To, Path ...); records the first URI in `field` (-1: none). */
function isAddressList(p: usize, end: usize, id: i32, nameAddrOnly: bool, field: i32): bool {
  let first = true;
  while (true) {
    const e = scanAddress(p, end, id, nameAddrOnly, false, ADDRESS);
    if (e == FAIL) return false;
    if (first && field >= 0 && !hasField(field)) setField(field, ADDRESS.uri, ADDRESS.uriEnd);
    first = false;
    if (e == end) return true;
    if (at(e) != 0x2c) return false;
    p = e + 1;
  }
}

/** Contact = ( STAR / (contact-param *(COMMA contact-param)) ) (RFC 3261 §20.10). */
function isContact(p: usize, end: usize): bool {
  if (end - p == 1 && at(p) == 0x2a) return true;
  return isAddressList(p, end, H.H_CONTACT, false, F_CONTACT_URI);
}

function checkValue(id: i32, p: usize, end: usize, firstVia: bool): bool {
  switch (id) {
    case H.H_VIA: return parseVia(p, end, firstVia);
    case H.H_FROM:
    case H.H_TO: {
      if (!isSingleAddress(p, end, id)) return false;
      setField(id == H.H_FROM ? F_FROM_URI : F_TO_URI, ADDRESS.uri, ADDRESS.uriEnd);
      if (ADDRESS.display != 0) setField(id == H.H_FROM ? F_FROM_DISPLAY : F_TO_DISPLAY, ADDRESS.display, ADDRESS.displayEnd);
      return true;
    }
    case H.H_REFER_TO: {
      if (!isSingleAddress(p, end, id)) return false;
      setField(F_REFER_TO_URI, ADDRESS.uri, ADDRESS.uriEnd);
      return true;
    }
    case H.H_REFERRED_BY: return isSingleAddress(p, end, id);
    case H.H_CONTACT: return isContact(p, end);
    case H.H_ROUTE: case H.H_RECORD_ROUTE: case H.H_PATH: case H.H_SERVICE_ROUTE:
      return isAddressList(p, end, id, true, -1);
    case H.H_REPLY_TO: case H.H_P_ASSERTED_IDENTITY:
      return isAddressList(p, end, id, false, -1);
    case H.H_CALL_ID: {
      if (!V.isCallId(p, end)) return false;
      setField(F_CALL_ID, p, end);
      return true;
    }
    case H.H_CSEQ: {
      const method = V.scanCSeq(p, end);
      if (method == FAIL) return false;
      const numberEnd = scanDigits(p, end);
      setField(F_CSEQ_NUMBER, p, numberEnd);
      setField(F_CSEQ_METHOD, method, end);
      setCSeq(<u32>decimal(p, numberEnd), lookupMethod(method, <i32>(end - method)));
      return true;
    }
    case H.H_MAX_FORWARDS: {
      // §20.22: an integer in the range 0-255.
      const n = decimal(p, end);
      if (n < 0 || n > 255) return false;
      setMaxForwards(<i32>n);
      return true;
    }
    case H.H_CONTENT_LENGTH: {
      const n = decimal(p, end);
      if (n < 0) return false;
      setContentLength(n > 0x7fffffff ? 0x7fffffff : <i32>n);
      return true;
    }
    case H.H_EXPIRES: {
      // §20.19 delta-seconds; overlarge values are clamped to 2**32-1 (§25.1 note on delta-seconds).
      const n = decimal(p, end);
      if (n < 0) return false;
      setExpires(n > 0xffffffff ? 0xffffffff : n);
      return true;
    }
    case H.H_MIN_EXPIRES: {
      const n = decimal(p, end);
      if (n < 0) return false;
      setMinExpires(n > 0xffffffff ? 0xffffffff : n);
      return true;
    }
    // RFC 4028 §4, §5: delta-seconds *( SEMI params )
    case H.H_SESSION_EXPIRES: case H.H_MIN_SE: return scanDigits(p, end) != FAIL && V.scanTokenWithParams(p, end) != FAIL;
    case H.H_RSEQ: {
      // RFC 3262 §7.1: 1*DIGIT, 1 to 2**31-1.
      const n = decimal(p, end);
      if (n <= 0 || n >= 0x80000000) return false;
      setRSeq(n);
      return true;
    }
    case H.H_RACK: {
      if (!V.isRAck(p, end)) return false;
      setField(F_RACK, p, end);
      return true;
    }
    case H.H_CONTENT_TYPE: {
      // The value starts after LWS already (the parser trims it), and so does its type/subtype.
      const typeEnd = V.scanContentType(p, end);
      if (typeEnd == FAIL) return false;
      setField(F_CONTENT_TYPE, p, typeEnd);
      return true;
    }
    case H.H_ACCEPT: return (V.checkAccept(p, end, false) & V.ACCEPT_VALID) != 0;
    case H.H_ALLOW: case H.H_SUPPORTED: case H.H_ACCEPT_ENCODING: case H.H_ACCEPT_LANGUAGE:
      return V.isTokenList(p, end, true, id == H.H_ACCEPT_ENCODING || id == H.H_ACCEPT_LANGUAGE);
    case H.H_REQUIRE: case H.H_PROXY_REQUIRE: case H.H_UNSUPPORTED: case H.H_ALLOW_EVENTS:
    case H.H_CONTENT_ENCODING: case H.H_CONTENT_LANGUAGE:
      return V.isTokenList(p, end, false, false);
    case H.H_EVENT: {
      const e = V.scanTokenWithParams(p, end);
      if (e == FAIL) return false;
      setField(F_EVENT, p, e);
      return true;
    }
    case H.H_SUBSCRIPTION_STATE: {
      const e = V.scanTokenWithParams(p, end);
      if (e == FAIL) return false;
      setField(F_SUBSCRIPTION_STATE, p, e);
      return true;
    }
    case H.H_CONTENT_DISPOSITION: return V.scanTokenWithParams(p, end) != FAIL;
    case H.H_WWW_AUTHENTICATE: case H.H_PROXY_AUTHENTICATE:
    case H.H_AUTHORIZATION: case H.H_PROXY_AUTHORIZATION:
      return V.isAuthHeader(p, end);
    case H.H_AUTHENTICATION_INFO: return V.isAuthParams(p, end);
    case H.H_DATE: return V.isDate(p, end);
    case H.H_RETRY_AFTER: return V.retryAfter(p, end) != NOT_A_NUMBER;
  }
  return true;
}

/** Validates header `id` with value [p, end) and records its fields; on error sets the verdict. */
export function checkHeader(id: i32, p: usize, end: usize, firstVia: bool): void {
  if (id == H.H_UNKNOWN) return;
  if (countHeader(id) > 1 && isSingleton(id)) {
    fail(400, changetype<usize>("Multiple "), id, changetype<usize>(" header fields"));
    return;
  }
  if (!checkValue(id, p, end, firstVia)) malformed(id);
}

