// Validation of one header field value by its id, and recording of the
// values the UA needs. Unknown header fields are accepted as written
// (RFC 3261 §7.3.1: a UA ignores header fields it does not understand).

import * as H from "./header-names";
import { malformed, fail, countHeader, setField, setCSeq, setContentLength, setExpires, setMaxForwards, setRSeq, setMinExpires,
  F_CALL_ID, F_CSEQ_NUMBER, F_CSEQ_METHOD, F_FROM_URI, F_TO_URI, F_FROM_DISPLAY, F_TO_DISPLAY, F_CONTACT_URI,
  F_CONTENT_TYPE, F_EVENT, F_SUBSCRIPTION_STATE, F_REFER_TO_URI, F_RACK, hasField } from "./message";
import { at, FAIL, parseDigits } from "./scan";
import { lookupMethod } from "./methods";
import { parseVia } from "./via";
import { scanAddress, addrUri, addrUriEnd, addrDisplay, addrDisplayEnd } from "./address";
import { setRecording } from "./params";
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

/** A single address with parameters (From, To, Refer-To, Referred-By). */
function isSingleAddress(p: usize, end: usize, id: i32): bool {
  setRecording(true);
  const e = scanAddress(p, end, id, false);
  setRecording(false);
  return e == end;
}

/** A list of addresses (Contact, Route, Record-Route, Reply-To, Path ...); records the first URI in `field` (-1: none). */
function isAddressList(p: usize, end: usize, id: i32, nameAddrOnly: bool, field: i32): bool {
  let first = true;
  while (true) {
    const e = scanAddress(p, end, id, nameAddrOnly);
    if (e == FAIL) return false;
    if (first && field >= 0 && !hasField(field)) setField(field, addrUri, addrUriEnd);
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
      setField(id == H.H_FROM ? F_FROM_URI : F_TO_URI, addrUri, addrUriEnd);
      if (addrDisplay != 0) setField(id == H.H_FROM ? F_FROM_DISPLAY : F_TO_DISPLAY, addrDisplay, addrDisplayEnd);
      return true;
    }
    case H.H_REFER_TO: {
      if (!isSingleAddress(p, end, id)) return false;
      setField(F_REFER_TO_URI, addrUri, addrUriEnd);
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
      if (!V.isCSeq(p, end)) return false;
      setField(F_CSEQ_NUMBER, p, parseDigits(p, end));
      setField(F_CSEQ_METHOD, V.valueStart, V.valueEnd);
      setCSeq(<u32>V.numberValue, lookupMethod(V.valueStart, <i32>(V.valueEnd - V.valueStart)));
      return true;
    }
    case H.H_MAX_FORWARDS: {
      // §20.22: an integer in the range 0-255.
      if (!V.isNumber(p, end) || V.numberValue > 255) return false;
      setMaxForwards(<i32>V.numberValue);
      return true;
    }
    case H.H_CONTENT_LENGTH: {
      if (!V.isNumber(p, end)) return false;
      setContentLength(V.numberValue > 0x7fffffff ? 0x7fffffff : <i32>V.numberValue);
      return true;
    }
    case H.H_EXPIRES: {
      // §20.19 delta-seconds; overlarge values are clamped to 2**32-1 (§25.1 note on delta-seconds).
      if (!V.isNumber(p, end)) return false;
      setExpires(V.numberValue > 0xffffffff ? 0xffffffff : <i64>V.numberValue);
      return true;
    }
    case H.H_MIN_EXPIRES: {
      if (!V.isNumber(p, end)) return false;
      setMinExpires(V.numberValue > 0xffffffff ? 0xffffffff : <i64>V.numberValue);
      return true;
    }
    // RFC 4028 §4, §5: delta-seconds *( SEMI params )
    case H.H_SESSION_EXPIRES: case H.H_MIN_SE: return parseDigits(p, end) != FAIL && V.isTokenWithParams(p, end);
    case H.H_RSEQ: {
      // RFC 3262 §7.1: 1*DIGIT, 1 to 2**31-1.
      if (!V.isNumber(p, end) || V.numberValue == 0 || V.numberValue >= 0x80000000) return false;
      setRSeq(<i64>V.numberValue);
      return true;
    }
    case H.H_RACK: {
      if (!V.isRAck(p, end)) return false;
      setField(F_RACK, p, end);
      return true;
    }
    case H.H_CONTENT_TYPE: {
      if (!V.isContentType(p, end)) return false;
      setField(F_CONTENT_TYPE, V.valueStart, V.valueEnd);
      return true;
    }
    case H.H_ACCEPT: return V.isAccept(p, end, false);
    case H.H_ALLOW: case H.H_SUPPORTED: case H.H_ACCEPT_ENCODING: case H.H_ACCEPT_LANGUAGE:
      return V.isTokenList(p, end, true, id == H.H_ACCEPT_ENCODING || id == H.H_ACCEPT_LANGUAGE);
    case H.H_REQUIRE: case H.H_PROXY_REQUIRE: case H.H_UNSUPPORTED: case H.H_ALLOW_EVENTS:
    case H.H_CONTENT_ENCODING: case H.H_CONTENT_LANGUAGE:
      return V.isTokenList(p, end, false, false);
    case H.H_EVENT: {
      if (!V.isTokenWithParams(p, end)) return false;
      setField(F_EVENT, V.valueStart, V.valueEnd);
      return true;
    }
    case H.H_SUBSCRIPTION_STATE: {
      if (!V.isTokenWithParams(p, end)) return false;
      setField(F_SUBSCRIPTION_STATE, V.valueStart, V.valueEnd);
      return true;
    }
    case H.H_CONTENT_DISPOSITION: return V.isTokenWithParams(p, end);
    case H.H_WWW_AUTHENTICATE: case H.H_PROXY_AUTHENTICATE:
    case H.H_AUTHORIZATION: case H.H_PROXY_AUTHORIZATION:
      return V.isAuthHeader(p, end);
    case H.H_AUTHENTICATION_INFO: return V.isAuthParams(p, end);
    case H.H_DATE: return V.isDate(p, end);
    case H.H_RETRY_AFTER: return V.isRetryAfter(p, end);
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

