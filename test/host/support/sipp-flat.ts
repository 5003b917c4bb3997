// The SIPp scenario of a flat that answers the door's call with an SDP answer,
// does what the test asks in the call (plays captures, pauses), then hangs up:
// the frame interop-audio and interop-lossy-rtp share. SIPp fills in the
// bracketed keywords ([last_Via:], [media_port], ...: SIPp's reference manual).

export interface FlatScenario {
  /** The scenario's name (SIPp prints it). */
  name: string;
  /** A word in the flat's To tag, so that two suites' dialogs differ. */
  tag: string;
  /** Offer telephone-event (payload type 101, events 0-15) beside PCMU: RFC 4733 §7.1.1. */
  telephoneEvent: boolean;
  /** The XML between the ACK and the flat's BYE. */
  inCall: string;
}

/** `<exec play_pcap_audio>`: SIPp sends the capture's RTP to the door's media address, paced by its timestamps. */
export const playPcap = (file: string): string => `<nop><action><exec play_pcap_audio="${file}"/></action></nop>`;

export function flatScenario(o: FlatScenario): string {
  const formats = o.telephoneEvent ? "0 101" : "0";
  const events = o.telephoneEvent ? "\n      a=rtpmap:101 telephone-event/8000\n      a=fmtp:101 0-15" : "";
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="${o.name}">
  <recv request="INVITE" rrs="true">
    <action>
      <ereg regexp=".*" search_in="hdr" header="From:" assign_to="door"/>
      <ereg regexp=".*" search_in="hdr" header="To:" assign_to="flat"/>
    </action>
  </recv>
  <send retrans="500"><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]${o.tag}[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:flat@[local_ip]:[local_port]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=flat 1 1 IN IP[local_ip_type] [local_ip]
      s=flat
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP ${formats}
      a=rtpmap:0 PCMU/8000${events}
  ]]></send>
  <recv request="ACK"/>
${o.inCall}
  <send retrans="500"><![CDATA[
      BYE [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      Max-Forwards: 70
      From:[$flat];tag=[pid]${o.tag}[call_number]
      To:[$door]
      [last_Call-ID:]
      CSeq: 2 BYE
      Content-Length: 0

  ]]></send>
  <recv response="200"/>
</scenario>
`;
}
