/* --mic and --speaker on the native board (audio.h): the microphone a call
 * hears (a tone, silence, or a WAV file's samples) and the WAV file the
 * speaker plays into. The messages are the simulator's (host/audio/mic.ts,
 * host/audio/wav.ts, host/sim/audio-options.ts), word for word. */
#define _GNU_SOURCE /* strerrorname_np: "ENOENT", as Node names an error */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <unistd.h>
#include "audio.h"

#define WAV_HEADER 44
#define WAVE_FORMAT_PCM 1
#define WAVE_FORMAT_EXTENSIBLE 0xfffe

static const char USAGE[] = "use --mic tone:FREQ[,DBFS] (e.g. tone:1000 or tone:440,-20), --mic silence or --mic FILE.wav";
static const char CONVERT[] = "convert it with: sox IN.wav -r 8000 -c 1 -b 16 -e signed-integer OUT.wav";

static const char* error_name(int e) {
  const char* name = strerrorname_np(e);
  return name ? name : "error";
}

static int ends_with_wav(const char* s) {
  size_t n = strlen(s);
  return n >= 4 && strcasecmp(s + n - 4, ".wav") == 0;
}

/* `text` as a number from min to max (JavaScript's Number() for the usual forms); -1 with the message. */
static int number(const char* text, size_t len, const char* what, double min, double max, double* out, char* error) {
  char buf[64];
  char* end = NULL;
  if (len > 0 && len < sizeof buf) {
    memcpy(buf, text, len);
    buf[len] = 0;
    *out = strtod(buf, &end);
  }
  if (len == 0 || len >= sizeof buf || *end != 0 || !isfinite(*out) || *out < min || *out > max) {
    snprintf(error, AUDIO_ERROR_MAX, "--mic: %s \"%.*s\" is not a number from %g to %g; %s", what, (int)len, text, min, max, USAGE);
    return -1;
  }
  return 0;
}

static uint32_t u32le(const uint8_t* p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t u16le(const uint8_t* p) { return (uint16_t)(p[0] | p[1] << 8); }

/* The samples of a 16-bit mono 8 kHz PCM WAV file's bytes (RIFF: chunks padded to an even size). */
static int wav_samples(mic_t* m, const uint8_t* b, size_t n, const char* name, char* error) {
  if (n < 12 || memcmp(b, "RIFF", 4) != 0 || memcmp(b + 8, "WAVE", 4) != 0) {
    snprintf(error, AUDIO_ERROR_MAX, "--mic: %s: not a WAV file (no RIFF/WAVE header); %s", name, CONVERT);
    return -1;
  }
  int have_format = 0;
  unsigned code = 0, channels = 0, bits = 0;
  uint32_t rate = 0;
  for (size_t at = 12; at + 8 <= n;) {
    uint32_t size = u32le(b + at + 4);
    size_t body = at + 8;
    if (memcmp(b + at, "fmt ", 4) == 0) {
      if (size < 16 || body + 16 > n) {
        snprintf(error, AUDIO_ERROR_MAX, "--mic: %s: the fmt chunk is %u bytes, shorter than 16; the file is damaged", name, size);
        return -1;
      }
      code = u16le(b + body);
      if (code == WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= n) code = u16le(b + body + 24);
      channels = u16le(b + body + 2);
      rate = u32le(b + body + 4);
      bits = u16le(b + body + 14);
      have_format = 1;
    } else if (memcmp(b + at, "data", 4) == 0) {
      if (!have_format) snprintf(error, AUDIO_ERROR_MAX, "--mic: %s: the data chunk comes before any fmt chunk; the file is damaged", name);
      else if (code != WAVE_FORMAT_PCM) snprintf(error, AUDIO_ERROR_MAX, "--mic: %s: format %u is not linear PCM (1); %s", name, code, CONVERT);
      else if (channels != 1) snprintf(error, AUDIO_ERROR_MAX, "--mic: %s: %u channels; the station's audio is mono: %s", name, channels, CONVERT);
      else if (rate != AUDIO_RATE) snprintf(error, AUDIO_ERROR_MAX, "--mic: %s: %u Hz; the station's audio is 8000 Hz: %s", name, rate, CONVERT);
      else if (bits != 16) snprintf(error, AUDIO_ERROR_MAX, "--mic: %s: %u bits per sample; the station's audio is 16-bit: %s", name, bits, CONVERT);
      if (!have_format || code != WAVE_FORMAT_PCM || channels != 1 || rate != AUDIO_RATE || bits != 16) return -1;
      /* A writer cut off leaves the size of a longer file: take what is there, whole samples only. */
      size_t available = size < n - body ? size : n - body;
      m->count = available / 2;
      m->samples = malloc(m->count ? m->count * sizeof(int16_t) : 1);
      if (!m->samples) {
        snprintf(error, AUDIO_ERROR_MAX, "--mic: %s: too large to hold in memory", name);
        return -1;
      }
      for (size_t i = 0; i < m->count; i++) m->samples[i] = (int16_t)u16le(b + body + 2 * i);
      m->kind = MIC_FILE;
      return 0;
    }
    at = body + size + (size & 1);
  }
  snprintf(error, AUDIO_ERROR_MAX, "--mic: %s: no data chunk; the file is damaged or empty", name);
  return -1;
}

static int mic_file(mic_t* m, const char* path, char* error) {
  FILE* f = fopen(path, "rb");
  uint8_t* bytes = NULL;
  long n = -1;
  errno = f ? 0 : errno;
  if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    bytes = malloc(n ? (size_t)n : 1);
    if (bytes && fread(bytes, 1, (size_t)n, f) != (size_t)n) n = -1;
  }
  int e = errno;
  if (f) fclose(f);
  if (!f || !bytes || n < 0) {
    free(bytes);
    snprintf(error, AUDIO_ERROR_MAX, "--mic: cannot read %s (%s); give the path of a WAV file", path, error_name(e ? e : EIO));
    return -1;
  }
  int r = wav_samples(m, bytes, (size_t)n, path, error);
  free(bytes);
  return r;
}

int mic_parse(mic_t* m, const char* spec, char error[AUDIO_ERROR_MAX]) {
  memset(m, 0, sizeof *m);
  if (!strcmp(spec, "silence")) return 0;
  if (!strncmp(spec, "tone:", 5)) {
    const char* freq = spec + 5;
    const char* comma = strchr(freq, ',');
    if (comma && strchr(comma + 1, ',')) {
      snprintf(error, AUDIO_ERROR_MAX, "--mic: \"%s\" has more than a frequency and a level; %s", spec, USAGE);
      return -1;
    }
    double frequency, dbfs = -10;
    if (number(freq, comma ? (size_t)(comma - freq) : strlen(freq), "frequency", 100, 3900, &frequency, error)) return -1;
    if (comma && number(comma + 1, strlen(comma + 1), "level (dBFS)", -60, 0, &dbfs, error)) return -1;
    m->kind = MIC_TONE;
    m->step = 2 * M_PI * frequency / AUDIO_RATE;
    m->amplitude = 32767 * pow(10, dbfs / 20);
    return 0;
  }
  if (ends_with_wav(spec)) return mic_file(m, spec, error);
  snprintf(error, AUDIO_ERROR_MAX, "--mic: \"%s\" is neither a tone, silence nor a .wav file; %s", spec, USAGE);
  return -1;
}

void mic_next(mic_t* m, int16_t frame[FRAME_SAMPLES]) {
  for (int i = 0; i < FRAME_SAMPLES; i++) {
    if (m->kind == MIC_TONE) {
      frame[i] = (int16_t)lround(m->amplitude * sin(m->phase));
      m->phase += m->step;
      if (m->phase >= 2 * M_PI) m->phase -= 2 * M_PI;
    } else if (m->kind == MIC_FILE && m->at < m->count) {
      frame[i] = m->samples[m->at++];
    } else {
      frame[i] = 0;
    }
  }
}

void mic_free(mic_t* m) {
  free(m->samples);
  m->samples = NULL;
}

static void put32(uint8_t* p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void put16(uint8_t* p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }

/* RIFF/WAVE with one PCM fmt chunk (16-bit mono 8000 Hz) and a data chunk of `samples`. */
static int write_header(int fd, uint32_t samples) {
  uint8_t h[WAV_HEADER];
  memcpy(h, "RIFF", 4);
  put32(h + 4, 36 + samples * 2);
  memcpy(h + 8, "WAVEfmt ", 8);
  put32(h + 16, 16);
  put16(h + 20, WAVE_FORMAT_PCM);
  put16(h + 22, 1);
  put32(h + 24, AUDIO_RATE);
  put32(h + 28, AUDIO_RATE * 2); /* bytes per second */
  put16(h + 32, 2);              /* block align */
  put16(h + 34, 16);
  memcpy(h + 36, "data", 4);
  put32(h + 40, samples * 2);
  return pwrite(fd, h, WAV_HEADER, 0) == WAV_HEADER ? 0 : -1;
}

int speaker_open(speaker_t* w, const char* path, char error[AUDIO_ERROR_MAX]) {
  w->fd = -1;
  w->samples = 0;
  if (!ends_with_wav(path)) {
    snprintf(error, AUDIO_ERROR_MAX, "--speaker: \"%s\" does not end in .wav; use --speaker FILE.wav", path);
    return -1;
  }
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write_header(fd, 0) != 0) {
    int e = errno;
    if (fd >= 0) close(fd);
    snprintf(error, AUDIO_ERROR_MAX, "--speaker: cannot write %s (%s); give a writable path in a directory that exists", path, error_name(e));
    return -1;
  }
  w->fd = fd;
  return 0;
}

void speaker_write(speaker_t* w, const int16_t frame[FRAME_SAMPLES]) {
  if (w->fd < 0) return;
  uint8_t bytes[2 * FRAME_SAMPLES];
  for (int i = 0; i < FRAME_SAMPLES; i++) put16(bytes + 2 * i, (uint16_t)frame[i]);
  /* A full disk loses audio, never the station: the header keeps the length actually written. */
  if (pwrite(w->fd, bytes, sizeof bytes, WAV_HEADER + (off_t)w->samples * 2) != (ssize_t)sizeof bytes) return;
  w->samples += FRAME_SAMPLES;
  if (write_header(w->fd, w->samples) != 0) fprintf(stderr, "intercom-native: --speaker: %s\n", strerror(errno));
}

void speaker_close(speaker_t* w) {
  if (w->fd >= 0) close(w->fd);
  w->fd = -1;
}
