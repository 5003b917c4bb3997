// `npm start`: builds (done by the npm script) and, until the simulator
// lands, reports what the firmware image is and that it loads and parses.
import { Firmware, defaultImagePath } from "./firmware.js";

const image = defaultImagePath();
const fw = await Firmware.load(image);
const probe = Buffer.from(
  "OPTIONS sip:door@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n" +
    "From: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:door@127.0.0.1>\r\nCall-ID: start@127.0.0.1\r\n" +
    "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
);
const verdict = fw.parse(probe);
console.log(`firmware ${image}: ${fw.imageBytes} bytes, verdict for a probe OPTIONS: ${verdict}`);
process.exit(verdict === 0 ? 0 : 1);
