/* The native board's microphone and speaker (audio.c): --mic and --speaker,
 * as `intercom sim` takes them (host/sim/audio-options.ts, host/audio/), with
 * the same messages for bad values. Apart from the module, so that a test can
 * build them alone. Audio is 16-bit linear PCM, mono, 8000 Hz: G.711's rate. */
#ifndef AUDIO_H
#define AUDIO_H
#include <stdint.h>
#include <stddef.h>

#define AUDIO_RATE 8000
/* 20 ms at 8000 Hz (RFC 3551 §4.5: G.711's default packet time): one micFrame()/speakerFrame(). */
#define FRAME_SAMPLES 160
/* Room for a message about a bad --mic or --speaker, path included. */
#define AUDIO_ERROR_MAX 4608

typedef enum { MIC_SILENCE, MIC_TONE, MIC_FILE } mic_kind_t;

typedef struct {
  mic_kind_t kind;
  double phase, step, amplitude; /* a tone: phase-continuous from frame to frame */
  int16_t* samples;              /* a file's samples, played once, then silence */
  size_t count, at;
} mic_t;

/* The source `spec` names: tone:FREQ[,DBFS] | silence | FILE.wav. 0, or -1 with the message in error. */
int mic_parse(mic_t* m, const char* spec, char error[AUDIO_ERROR_MAX]);
/* Fills the next 20 ms. */
void mic_next(mic_t* m, int16_t frame[FRAME_SAMPLES]);
void mic_free(mic_t* m);

typedef struct {
  int fd; /* -1: no speaker file */
  uint32_t samples;
} speaker_t;

/* Creates FILE.wav with an empty data chunk. 0, or -1 with the message in error. */
int speaker_open(speaker_t* w, const char* path, char error[AUDIO_ERROR_MAX]);
/* Appends a frame, then rewrites the header's sizes: a board killed at any moment leaves a file every player reads. */
void speaker_write(speaker_t* w, const int16_t frame[FRAME_SAMPLES]);
void speaker_close(speaker_t* w);

#endif
