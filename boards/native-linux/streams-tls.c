/* TLS for the native board's streams by OpenSSL (docs/transports.md
 * "Streams"; RFC 3261 §26.2.1, RFC 5922 §7.2): the client verifies the
 * server's chain against the trust anchors (--tls-ca; without it the
 * system's) and its name (DNS name or IP address in subjectAltName), sending
 * the name as SNI (RFC 6066 §3) unless it is an address literal; the server
 * presents --tls-cert with --tls-key. Handshake failures map to
 * boardStreamOpened's statuses: 2 not from a trusted CA, 3 not for the
 * name, 4 any other. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include "streams.h"

static SSL_CTX* client_ctx;
static SSL_CTX* server_ctx;

static void openssl_reason(const char* what, const char* file) {
  char reason[256];
  ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
  fprintf(stderr, "%s %s: %s\n", what, file, reason);
}

int tls_setup(const char* ca, const char* cert, const char* key) {
  if (!cert != !key) {
    fprintf(stderr, "--tls-cert and --tls-key: give both (the station's certificate and its private key) or neither\n");
    return -1;
  }
  client_ctx = SSL_CTX_new(TLS_client_method());
  if (!client_ctx) return -1;
  SSL_CTX_set_min_proto_version(client_ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(client_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (ca ? SSL_CTX_load_verify_locations(client_ctx, ca, NULL) != 1 : SSL_CTX_set_default_verify_paths(client_ctx) != 1) {
    openssl_reason("--tls-ca: cannot use", ca ? ca : "the system's trust anchors");
    fprintf(stderr, "give the path of a PEM file of CA certificates\n");
    return -1;
  }
  if (!cert) return 0;
  server_ctx = SSL_CTX_new(TLS_server_method());
  if (!server_ctx) return -1;
  SSL_CTX_set_min_proto_version(server_ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(server_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (SSL_CTX_use_certificate_chain_file(server_ctx, cert) != 1) {
    openssl_reason("--tls-cert: not a PEM certificate:", cert);
    return -1;
  }
  /* The reason only, never the key's octets. */
  if (SSL_CTX_use_PrivateKey_file(server_ctx, key, SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(server_ctx) != 1) {
    openssl_reason("--tls-key: not the private key of --tls-cert:", key);
    return -1;
  }
  return 0;
}

bool tls_can_serve(void) {
  return server_ctx != NULL;
}

SSL* tls_client(int fd, const char* name) {
  SSL* ssl = client_ctx ? SSL_new(client_ctx) : NULL;
  if (!ssl) return NULL;
  SSL_set_fd(ssl, fd);
  SSL_set_verify(ssl, SSL_VERIFY_PEER, NULL);
  unsigned char ip[16];
  bool literal = inet_pton(AF_INET, name, ip) == 1 || inet_pton(AF_INET6, name, ip) == 1;
  /* RFC 5922 §7.2: the name the station was given must be in the certificate. */
  if (literal) X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name);
  else {
    SSL_set_tlsext_host_name(ssl, name);
    SSL_set1_host(ssl, name);
  }
  return ssl;
}

SSL* tls_server(int fd) {
  SSL* ssl = server_ctx ? SSL_new(server_ctx) : NULL;
  if (ssl) SSL_set_fd(ssl, fd);
  return ssl;
}

/* The status of a handshake that failed, from the chain's verification result. */
static int failure_status(SSL* ssl) {
  switch (SSL_get_verify_result(ssl)) {
    case X509_V_OK: return -STREAM_HANDSHAKE;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH: return -STREAM_WRONG_NAME;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_CERT_UNTRUSTED: return -STREAM_UNTRUSTED;
    default: return -STREAM_HANDSHAKE;
  }
}

/* Whether an SSL call's result `r` asks to wait: the events to wait for, or 0 (a failure or the end). */
static short wants(SSL* ssl, int r) {
  int e = SSL_get_error(ssl, r);
  return e == SSL_ERROR_WANT_READ ? POLLIN : e == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
}

int tls_handshake(SSL* ssl, bool client, short* events) {
  ERR_clear_error();
  int r = client ? SSL_connect(ssl) : SSL_accept(ssl);
  if (r == 1) return 1;
  if ((*events = wants(ssl, r)) != 0) return 0;
  return failure_status(ssl);
}

long tls_read(SSL* ssl, uint8_t* dst, size_t cap, short* events) {
  ERR_clear_error();
  int r = SSL_read(ssl, dst, (int)cap);
  if (r > 0) return r;
  if ((*events = wants(ssl, r)) != 0) return -1;
  return SSL_get_error(ssl, r) == SSL_ERROR_ZERO_RETURN ? 0 : -2;
}

long tls_write(SSL* ssl, const uint8_t* src, size_t len, short* events) {
  ERR_clear_error();
  int r = SSL_write(ssl, src, (int)len);
  if (r > 0) return r;
  if ((*events = wants(ssl, r)) != 0) return -1;
  return -2;
}

void tls_free(SSL* ssl) {
  if (!ssl) return;
  SSL_shutdown(ssl); /* the close_notify, if the socket takes it now; never waited for */
  SSL_free(ssl);
}
