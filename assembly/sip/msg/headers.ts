// Validation of one header field value by its id, and recording of the
// values the UA needs. Unknown header fields are accepted as written
// (RFC 3261 §7.3.1: a UA ignores header fields it does not understand).

import * as msgHeaderNames from "./header-names";
import { malformed, fail, countHeader, setField, setCSeq, setContentLength, setExpires, setMaxForwards, setRSeq, setMinExpires,
  F_CALL_ID, F_CSEQ_NUMBER, F_CSEQ_METHOD, F_FROM_URI, F_TO_URI, F_FROM_DISPLAY, F_TO_DISPLAY, F_CONTACT_URI,
  F_CONTENT_TYPE, F_EVENT, F_SUBSCRIPTION_STATE, F_REFER_TO_URI, F_RACK, hasField } from "./message";
import { at, FAIL, scanDigits, decimal, NOT_A_NUMBER } from "./scan";
import { lookupMethod } from "./methods";
import { parseVia } from "./via";
import { scanAddress, AddressParts } from "./address";
import * as msgValues from "./values";

/** Header fields that may appear once only (their ABNF is not a list). */
function isSingleton(id: i32): bool {
  switch (id) {
    case msgHeaderNames.H_FROM: case msgHeaderNames.H_TO: case msgHeaderNames.H_CALL_ID: case msgHeaderNames.H_CSEQ: case msgHeaderNames.H_MAX_FORWARDS:
    case msgHeaderNames.H_CONTENT_LENGTH: case msgHeaderNames.H_CONTENT_TYPE: case msgHeaderNames.H_EXPIRES: case msgHeaderNames.H_MIN_EXPIRES:
    case msgHeaderNames.H_DATE: case msgHeaderNames.H_RSEQ: case msgHeaderNames.H_RACK: case msgHeaderNames.H_EVENT: case msgHeaderNames.H_SUBSCRIPTION_STATE:
    case msgHeaderNames.H_REFER_TO: case msgHeaderNames.H_REFERRED_BY: case msgHeaderNames.H_RETRY_AFTER: case msgHeaderNames.H_MIME_VERSION:
    case msgHeaderNames.H_SESSION_EXPIRES: case msgHeaderNames.H_MIN_SE: case msgHeaderNames.H_TIMESTAMP:
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
  return isAddressList(p, end, msgHeaderNames.H_CONTACT, false, F_CONTACT_URI);
}

function checkValue(id: i32, p: usize, end: usize, firstVia: bool): bool {
  switch (id) {
    case msgHeaderNames.H_VIA: return parseVia(p, end, firstVia);
    case msgHeaderNames.H_FROM:
    case msgHeaderNames.H_TO: {
      if (!isSingleAddress(p, end, id)) return false;
      setField(id == msgHeaderNames.H_FROM ? F_FROM_URI : F_TO_URI, ADDRESS.uri, ADDRESS.uriEnd);
      if (ADDRESS.display != 0) setField(id == msgHeaderNames.H_FROM ? F_FROM_DISPLAY : F_TO_DISPLAY, ADDRESS.display, ADDRESS.displayEnd);
      return true;
    }
    case msgHeaderNames.H_REFER_TO: {
      if (!isSingleAddress(p, end, id)) return false;
      setField(F_REFER_TO_URI, ADDRESS.uri, ADDRESS.uriEnd);
      return true;
    }
    case msgHeaderNames.H_REFERRED_BY: return isSingleAddress(p, end, id);
    case msgHeaderNames.H_CONTACT: return isContact(p, end);
    case msgHeaderNames.H_ROUTE: case msgHeaderNames.H_RECORD_ROUTE: case msgHeaderNames.H_PATH: case msgHeaderNames.H_SERVICE_ROUTE:
      return isAddressList(p, end, id, true, -1);
    case msgHeaderNames.H_REPLY_TO: case msgHeaderNames.H_P_ASSERTED_IDENTITY:
      return isAddressList(p, end, id, false, -1);
    case msgHeaderNames.H_CALL_ID: {
      if (!msgValues.isCallId(p, end)) return false;
      setField(F_CALL_ID, p, end);
      return true;
    }
    case msgHeaderNames.H_CSEQ: {
      const method = msgValues.scanCSeq(p, end);
      if (method == FAIL) return false;
      const numberEnd = scanDigits(p, end);
      setField(F_CSEQ_NUMBER, p, numberEnd);
      setField(F_CSEQ_METHOD, method, end);
      setCSeq(<u32>decimal(p, numberEnd), lookupMethod(method, <i32>(end - method)));
      return true;
    }
    case msgHeaderNames.H_MAX_FORWARDS: {
      // §20.22: an integer in the range 0-255.
      const n = decimal(p, end);
      if (n < 0 || n > 255) return false;
      setMaxForwards(<i32>n);
      return true;
    }
    case msgHeaderNames.H_CONTENT_LENGTH: {
      const n = decimal(p, end);
      if (n < 0) return false;
      setContentLength(n > 0x7fffffff ? 0x7fffffff : <i32>n);
      return true;
    }
    case msgHeaderNames.H_EXPIRES: {
      // §20.19 delta-seconds; overlarge values are clamped to 2**32-1 (§25.1 note on delta-seconds).
      const n = decimal(p, end);
      if (n < 0) return false;
      setExpires(n > 0xffffffff ? 0xffffffff : n);
      return true;
    }
    case msgHeaderNames.H_MIN_EXPIRES: {
      const n = decimal(p, end);
      if (n < 0) return false;
      setMinExpires(n > 0xffffffff ? 0xffffffff : n);
      return true;
    }
    // RFC 4028 §4, §5: delta-seconds *( SEMI params )
    case msgHeaderNames.H_SESSION_EXPIRES: case msgHeaderNames.H_MIN_SE: return scanDigits(p, end) != FAIL && msgValues.scanTokenWithParams(p, end) != FAIL;
    case msgHeaderNames.H_RSEQ: {
      // RFC 3262 §7.1: 1*DIGIT, 1 to 2**31-1.
      const n = decimal(p, end);
      if (n <= 0 || n >= 0x80000000) return false;
      setRSeq(n);
      return true;
    }
    case msgHeaderNames.H_RACK: {
      if (!msgValues.isRAck(p, end)) return false;
      setField(F_RACK, p, end);
      return true;
    }
    case msgHeaderNames.H_CONTENT_TYPE: {
      // The value starts after LWS already (the parser trims it), and so does its type/subtype.
      const typeEnd = msgValues.scanContentType(p, end);
      if (typeEnd == FAIL) return false;
      setField(F_CONTENT_TYPE, p, typeEnd);
      return true;
    }
    case msgHeaderNames.H_ACCEPT: return (msgValues.checkAccept(p, end, false) & msgValues.ACCEPT_VALID) != 0;
    case msgHeaderNames.H_ALLOW: case msgHeaderNames.H_SUPPORTED: case msgHeaderNames.H_ACCEPT_ENCODING: case msgHeaderNames.H_ACCEPT_LANGUAGE:
      return msgValues.isTokenList(p, end, true, id == msgHeaderNames.H_ACCEPT_ENCODING || id == msgHeaderNames.H_ACCEPT_LANGUAGE);
    case msgHeaderNames.H_REQUIRE: case msgHeaderNames.H_PROXY_REQUIRE: case msgHeaderNames.H_UNSUPPORTED: case msgHeaderNames.H_ALLOW_EVENTS:
    case msgHeaderNames.H_CONTENT_ENCODING: case msgHeaderNames.H_CONTENT_LANGUAGE:
      return msgValues.isTokenList(p, end, false, false);
    case msgHeaderNames.H_EVENT: {
      const e = msgValues.scanTokenWithParams(p, end);
      if (e == FAIL) return false;
      setField(F_EVENT, p, e);
      return true;
    }
    case msgHeaderNames.H_SUBSCRIPTION_STATE: {
      const e = msgValues.scanTokenWithParams(p, end);
      if (e == FAIL) return false;
      setField(F_SUBSCRIPTION_STATE, p, e);
      return true;
    }
    case msgHeaderNames.H_CONTENT_DISPOSITION: return msgValues.scanTokenWithParams(p, end) != FAIL;
    case msgHeaderNames.H_WWW_AUTHENTICATE: case msgHeaderNames.H_PROXY_AUTHENTICATE:
    case msgHeaderNames.H_AUTHORIZATION: case msgHeaderNames.H_PROXY_AUTHORIZATION:
      return msgValues.isAuthHeader(p, end);
    case msgHeaderNames.H_AUTHENTICATION_INFO: return msgValues.isAuthParams(p, end);
    case msgHeaderNames.H_DATE: return msgValues.isDate(p, end);
    case msgHeaderNames.H_RETRY_AFTER: return msgValues.retryAfter(p, end) != NOT_A_NUMBER;
  }
  return true;
}

/** Validates header `id` with value [p, end) and records its fields; on error sets the verdict. */
export function checkHeader(id: i32, p: usize, end: usize, firstVia: bool): void {
  if (id == msgHeaderNames.H_UNKNOWN) return;
  if (countHeader(id) > 1 && isSingleton(id)) {
    fail(400, changetype<usize>("Multiple "), id, changetype<usize>(" header fields"));
    return;
  }
  if (!checkValue(id, p, end, firstVia)) malformed(id);
}

