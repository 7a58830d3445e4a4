// A connected UDP socket that sends and receives in batches: sendmmsg(2) for a
// queue of datagrams, recvmmsg(2) when a libuv poll says the socket is readable,
// and one JS callback per batch instead of one per datagram. Linux only; the JS
// side (src/dns/client/mmsg-channel.ts) falls back to node:dgram without it.
//
// JS API (all on the thread that opened the socket; no libuv thread pool):
//   open(family, address, port, recvBufferBytes, onBatch, onWritable, onError) -> handle
//     onBatch(data: Buffer, count: number, rejected: number): `data` holds `count`
//       datagrams, each a 2-byte big-endian length then the bytes; `rejected` counts
//       datagrams from a source other than the peer (dropped here).
//     onWritable(): the socket has room again after send() stopped on EAGAIN.
//     onError(code: string, errno: number): a socket error, e.g. ECONNREFUSED when
//       an ICMP port unreachable came back for an earlier datagram.
//   send(handle, packets: Buffer[], start: number) -> how many of packets[start..]
//     left (or were dropped on an error other than EAGAIN, which also calls onError).
//     Fewer than offered means EAGAIN: onWritable follows.
//   drain(handle): reads what is waiting now, through onBatch, before the caller
//     decides that a query timed out: after a pause (GC, a busy machine) the replies
//     may be in the socket while the timers run first.
//   close(handle): stops polling and closes the socket (uv_close, then close(2)).
#include <node_api.h>
#include <uv.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 64
// Large enough for any UDP payload, so nothing is truncated. The pages of a slot are
// only touched as far as a datagram reaches, so a DNS answer costs one page, not 64 KiB.
#define SLOT 65536
// recvmmsg calls per wakeup: past that, other handles of the loop get their turn.
#define MAX_ROUNDS 8

typedef struct {
  napi_env env;
  int fd;
  uv_poll_t poll;
  int events;
  int closing;
  // Inside a call from JS (drain()), not a libuv callback.
  int in_js;
  // The uv handle and the JS handle each hold one; the last to let go frees.
  int holds;
  napi_ref on_batch, on_writable, on_error;
  napi_async_context async;
  napi_async_cleanup_hook_handle cleanup;
  struct sockaddr_storage peer;
  unsigned char *arena;
  unsigned char *staging;
  size_t staging_cap;
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  struct sockaddr_storage from[BATCH];
} Chan;

static void release(Chan *c) {
  if (--c->holds > 0) return;
  free(c->arena);
  free(c->staging);
  free(c);
}

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_throw_error(env, uv_err_name(-err), msg);
  return NULL;
}

// Calls a JS function from a libuv callback: a handle scope, the async context (so
// promises and nextTicks queued by the callback run after it), and an exception
// thrown there reported as uncaught, as Node does for its own handles.
static void call_js(Chan *c, napi_ref ref, size_t argc, napi_value *argv) {
  napi_env env = c->env;
  napi_value fn, global;
  if (ref == NULL) return;
  napi_get_reference_value(env, ref, &fn);
  napi_get_global(env, &global);
  // Called from JS (drain()): a plain call, whose exception propagates to the caller.
  if (c->in_js) {
    napi_call_function(env, global, fn, argc, argv, NULL);
    return;
  }
  if (napi_make_callback(env, c->async, global, fn, argc, argv, NULL) == napi_pending_exception) {
    napi_value ex;
    napi_get_and_clear_last_exception(env, &ex);
    napi_fatal_exception(env, ex);
  }
}

static void report_error(Chan *c, int err) {
  napi_handle_scope scope;
  napi_value argv[2];
  napi_open_handle_scope(c->env, &scope);
  napi_create_string_utf8(c->env, uv_err_name(-err), NAPI_AUTO_LENGTH, &argv[0]);
  napi_create_int32(c->env, err, &argv[1]);
  call_js(c, c->on_error, 2, argv);
  napi_close_handle_scope(c->env, scope);
}

static int from_peer(const Chan *c, const struct sockaddr_storage *s) {
  if (s->ss_family != c->peer.ss_family) return 0;
  if (s->ss_family == AF_INET) {
    const struct sockaddr_in *a = (const void *)s, *b = (const void *)&c->peer;
    return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
  }
  const struct sockaddr_in6 *a = (const void *)s, *b = (const void *)&c->peer;
  return a->sin6_port == b->sin6_port &&
         memcmp(&a->sin6_addr, &b->sin6_addr, sizeof a->sin6_addr) == 0;
}

static int stage(Chan *c, size_t *len, const unsigned char *data, size_t n) {
  if (*len + 2 + n > c->staging_cap) {
    size_t cap = c->staging_cap * 2;
    while (cap < *len + 2 + n) cap *= 2;
    unsigned char *p = realloc(c->staging, cap);
    if (p == NULL) return -1;
    c->staging = p;
    c->staging_cap = cap;
  }
  c->staging[(*len)++] = (unsigned char)(n >> 8);
  c->staging[(*len)++] = (unsigned char)n;
  memcpy(c->staging + *len, data, n);
  *len += n;
  return 0;
}

static void deliver(Chan *c, size_t len, uint32_t count, uint32_t rejected) {
  napi_handle_scope scope;
  napi_value argv[3];
  void *unused;
  napi_open_handle_scope(c->env, &scope);
  napi_create_buffer_copy(c->env, len, c->staging, &unused, &argv[0]);
  napi_create_uint32(c->env, count, &argv[1]);
  napi_create_uint32(c->env, rejected, &argv[2]);
  call_js(c, c->on_batch, 3, argv);
  napi_close_handle_scope(c->env, scope);
}

// Reads until EAGAIN (or MAX_ROUNDS batches), then hands everything to JS at once.
static void drain(Chan *c) {
  size_t len = 0;
  uint32_t count = 0, rejected = 0;
  int err = 0;
  for (int round = 0; round < MAX_ROUNDS; round++) {
    for (int i = 0; i < BATCH; i++) {
      c->msgs[i].msg_hdr.msg_name = &c->from[i];
      c->msgs[i].msg_hdr.msg_namelen = sizeof c->from[i];
      c->msgs[i].msg_hdr.msg_flags = 0;
    }
    int n = recvmmsg(c->fd, c->msgs, BATCH, MSG_DONTWAIT, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      // ECONNREFUSED and the like are reported once and cleared by the kernel;
      // datagrams queued behind the error can still be read.
      err = errno;
      if (err == ECONNREFUSED) {
        report_error(c, err);
        if (c->closing) return;
        err = 0;
        continue;
      }
      break;
    }
    for (int i = 0; i < n; i++) {
      if (!from_peer(c, &c->from[i])) {
        rejected++;
        continue;
      }
      if (stage(c, &len, c->iov[i].iov_base, c->msgs[i].msg_len) != 0) {
        err = ENOMEM;
        break;
      }
      count++;
    }
    if (err != 0 || n < BATCH) break;
  }
  if (count > 0 || rejected > 0) deliver(c, len, count, rejected);
  if (err != 0 && !c->closing) report_error(c, err);
}

static void on_poll(uv_poll_t *h, int status, int events) {
  Chan *c = h->data;
  if (status < 0) {
    // libuv stops the poll on POLLERR, which a pending socket error (an ICMP port
    // unreachable) raises: take the error, report it, and poll again.
    int err = 0;
    socklen_t l = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l);
    if (err != 0) report_error(c, err);
    if (c->closing) return;
    uv_poll_start(&c->poll, c->events, on_poll);
    drain(c);
    return;
  }
  if (events & UV_WRITABLE) {
    c->events &= ~UV_WRITABLE;
    uv_poll_start(&c->poll, c->events, on_poll);
    napi_handle_scope scope;
    napi_open_handle_scope(c->env, &scope);
    call_js(c, c->on_writable, 0, NULL);
    napi_close_handle_scope(c->env, scope);
    if (c->closing) return;
  }
  if (events & UV_READABLE) drain(c);
}

static void on_closed(uv_handle_t *h) {
  Chan *c = h->data;
  close(c->fd);
  c->fd = -1;
  if (c->cleanup != NULL) napi_remove_async_cleanup_hook(c->cleanup);
  c->cleanup = NULL;
  release(c);
}

static void begin_close(Chan *c) {
  if (c->closing) return;
  c->closing = 1;
  uv_poll_stop(&c->poll);
  uv_close((uv_handle_t *)&c->poll, on_closed);
}

static void drop_refs(Chan *c, napi_env env) {
  napi_ref *refs[] = {&c->on_batch, &c->on_writable, &c->on_error};
  for (size_t i = 0; i < 3; i++)
    if (*refs[i] != NULL) {
      napi_delete_reference(env, *refs[i]);
      *refs[i] = NULL;
    }
}

// The environment (a worker thread, the process) is going away with the socket open.
static void on_env_cleanup(napi_async_cleanup_hook_handle hook, void *arg) {
  Chan *c = arg;
  begin_close(c);
}

static void on_finalize(napi_env env, void *data, void *hint) {
  Chan *c = data;
  drop_refs(c, env);
  if (!c->closing) {
    napi_async_destroy(env, c->async);
    begin_close(c);
  }
  release(c);
}

static Chan *unwrap(napi_env env, napi_value v) {
  void *p = NULL;
  if (napi_get_value_external(env, v, &p) != napi_ok || p == NULL) {
    napi_throw_type_error(env, NULL, "not a udp-mmsg handle");
    return NULL;
  }
  return p;
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 7) {
    napi_throw_type_error(env, NULL, "open(family, address, port, recvBuffer, onBatch, onWritable, onError)");
    return NULL;
  }
  int32_t family = 0, port = 0, rcvbuf = 0;
  char address[INET6_ADDRSTRLEN + 1];
  size_t alen = 0;
  napi_get_value_int32(env, argv[0], &family);
  napi_get_value_string_utf8(env, argv[1], address, sizeof address, &alen);
  napi_get_value_int32(env, argv[2], &port);
  napi_get_value_int32(env, argv[3], &rcvbuf);

  struct sockaddr_storage peer;
  socklen_t peerlen;
  memset(&peer, 0, sizeof peer);
  if (family == 4) {
    struct sockaddr_in *a = (void *)&peer;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, address, &a->sin_addr) != 1) goto bad_address;
    peerlen = sizeof *a;
  } else if (family == 6) {
    struct sockaddr_in6 *a = (void *)&peer;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, address, &a->sin6_addr) != 1) goto bad_address;
    peerlen = sizeof *a;
  } else {
    goto bad_address;
  }

  int fd = socket(peer.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  // The kernel caps the request at net.core.rmem_max, as for dgram's recvBufferSize.
  if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  // Connecting binds a random source port and makes the kernel drop datagrams from
  // any other address (RFC 5452 §3); from_peer() checks once more.
  if (connect(fd, (struct sockaddr *)&peer, peerlen) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, "connect", err);
  }

  Chan *c = calloc(1, sizeof *c);
  unsigned char *arena = malloc((size_t)BATCH * SLOT);
  unsigned char *staging = malloc(SLOT);
  if (c == NULL || arena == NULL || staging == NULL) {
    free(c);
    free(arena);
    free(staging);
    close(fd);
    return throw_errno(env, "open", ENOMEM);
  }
  c->env = env;
  c->fd = fd;
  c->peer = peer;
  c->arena = arena;
  c->staging = staging;
  c->staging_cap = SLOT;
  for (int i = 0; i < BATCH; i++) {
    c->iov[i].iov_base = arena + (size_t)i * SLOT;
    c->iov[i].iov_len = SLOT;
    c->msgs[i].msg_hdr.msg_iov = &c->iov[i];
    c->msgs[i].msg_hdr.msg_iovlen = 1;
  }
  napi_create_reference(env, argv[4], 1, &c->on_batch);
  napi_create_reference(env, argv[5], 1, &c->on_writable);
  napi_create_reference(env, argv[6], 1, &c->on_error);
  napi_value name;
  napi_create_string_utf8(env, "dnsight:udp-mmsg", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, NULL, name, &c->async);

  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  uv_poll_init(loop, &c->poll, fd);
  c->poll.data = c;
  c->events = UV_READABLE;
  uv_poll_start(&c->poll, c->events, on_poll);
  c->holds = 2;
  napi_add_async_cleanup_hook(env, on_env_cleanup, c, &c->cleanup);

  napi_value handle;
  napi_create_external(env, c, on_finalize, NULL, &handle);
  return handle;

bad_address:
  napi_throw_type_error(env, NULL, "open: want family 4 or 6 and an IP address of that family");
  return NULL;
}

static napi_value js_send(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], result;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  Chan *c = unwrap(env, argv[0]);
  if (c == NULL) return NULL;
  uint32_t total = 0, start = 0;
  napi_get_array_length(env, argv[1], &total);
  napi_get_value_uint32(env, argv[2], &start);
  uint32_t done = start;
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  memset(msgs, 0, sizeof msgs);
  while (done < total && !c->closing) {
    uint32_t k = total - done < BATCH ? total - done : BATCH;
    for (uint32_t i = 0; i < k; i++) {
      napi_value b;
      void *data = NULL;
      size_t len = 0;
      napi_get_element(env, argv[1], done + i, &b);
      if (napi_get_buffer_info(env, b, &data, &len) != napi_ok) {
        napi_throw_type_error(env, NULL, "send: packets must be Buffers");
        return NULL;
      }
      iov[i].iov_base = data;
      iov[i].iov_len = len;
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int n = sendmmsg(c->fd, msgs, k, MSG_DONTWAIT);
    if (n >= 0) {
      done += (uint32_t)n;
      continue;
    }
    int err = errno;
    if (err == EINTR) continue;
    if (err == EAGAIN || err == EWOULDBLOCK) {
      if (!(c->events & UV_WRITABLE)) {
        c->events |= UV_WRITABLE;
        uv_poll_start(&c->poll, c->events, on_poll);
      }
      break;
    }
    // ECONNREFUSED belongs to an earlier datagram and is cleared by being read:
    // send this one again. Any other error loses this datagram, as a failed
    // dgram send does; its query times out and is retried.
    if (err != ECONNREFUSED) done++;
    napi_value args[2], fn, undef;
    napi_create_string_utf8(env, uv_err_name(-err), NAPI_AUTO_LENGTH, &args[0]);
    napi_create_int32(env, err, &args[1]);
    napi_get_reference_value(env, c->on_error, &fn);
    napi_get_undefined(env, &undef);
    if (napi_call_function(env, undef, fn, 2, args, NULL) != napi_ok) return NULL;
  }
  napi_create_uint32(env, done - start, &result);
  return result;
}

/* The channel a call's one argument names (drain and close take nothing else). */
static Chan *chan_arg(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  return unwrap(env, argv[0]);
}

static napi_value js_drain(napi_env env, napi_callback_info info) {
  Chan *c = chan_arg(env, info);
  if (c == NULL || c->closing) return NULL;
  c->in_js = 1;
  drain(c);
  c->in_js = 0;
  return NULL;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  Chan *c = chan_arg(env, info);
  if (c == NULL) return NULL;
  if (!c->closing) {
    drop_refs(c, env);
    napi_async_destroy(env, c->async);
    begin_close(c);
  }
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
      {"send", NULL, js_send, NULL, NULL, NULL, napi_default, NULL},
      {"drain", NULL, js_drain, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 4, props);
  return exports;
}
