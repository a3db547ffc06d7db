package org.vigilar.bench.traffic;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * One browser's {@code /events/stream}: an HTTP/1.1 request on a non-blocking socket and a
 * byte-level SSE parser that reads the benchmark fields without building strings.
 *
 * <p>Confined to its {@link SseLoop}'s thread.
 */
final class SseConnection {

  private static final byte[] HEADER_END = ascii("\r\n\r\n");
  private static final byte[] CONNECTED = ascii("{\"type\":\"connected\"}");
  private static final int INITIAL_BUFFER = 16 * 1024;
  private static final int MAX_BUFFER = 1 << 20;
  private static final long REOPEN_DELAY_NANOS = 100_000_000L;

  private enum State { IDLE, CONNECTING, WRITING, HEADERS, STREAM, CLOSED }

  private final InetSocketAddress server;
  private final String cookie;
  private final BenchPayload payload;
  private final BenchPayload.Fields fields;
  private final Tally tally;
  private final Reconnects reconnects;
  private final CountDownLatch ready;
  private final SseLoop loop;
  private ByteBuffer in = ByteBuffer.allocate(INITIAL_BUFFER);
  private ByteBuffer out;
  private SocketChannel channel;
  private State state = State.IDLE;
  private boolean readyCounted;
  private long reopenAt = -1;
  private long reconnectAt = Long.MAX_VALUE;

  private long pendingId = -1;
  private boolean pendingNamed;
  private boolean pendingBench;
  private boolean pendingConnected;
  private long pendingSeq;
  private long pendingSend;

  /**
   * @param cookie a session cookie header value, or null
   * @param reconnects when to drop and resume the stream, or null to keep it open
   */
  SseConnection(SseLoop loop, InetSocketAddress server, String cookie, BenchPayload payload,
      BenchPayload.Fields fields, Tally tally, Reconnects reconnects, CountDownLatch ready) {
    this.loop = loop;
    this.server = server;
    this.cookie = cookie;
    this.payload = payload;
    this.fields = fields;
    this.tally = tally;
    this.reconnects = reconnects;
    this.ready = ready;
  }

  Tally tally() {
    return tally;
  }

  /** Opens the socket; on a reconnect the request asks to resume after the last event. */
  void open(Selector selector, long nowNanos) {
    reopenAt = -1;
    resetParser();
    in.clear();
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      out = ByteBuffer.wrap(request());
      state = State.CONNECTING;
      if (channel.connect(server)) {
        connected(null, selector);
      } else {
        channel.register(selector, SelectionKey.OP_CONNECT, this);
      }
    } catch (IOException e) {
      failed("cannot connect to " + server + ": " + e.getMessage(), nowNanos);
    }
  }

  private byte[] request() {
    StringBuilder r = new StringBuilder(256)
        .append("GET /events/stream HTTP/1.1\r\n")
        .append("Host: ").append(server.getHostString()).append(':').append(server.getPort())
        .append("\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n");
    if (cookie != null) {
      r.append("Cookie: ").append(cookie).append("\r\n");
    }
    if (tally.lastId() > 0) {
      r.append("Last-Event-ID: ").append(tally.lastId()).append("\r\n");
    }
    return r.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  void handle(SelectionKey key, long nowNanos) {
    try {
      if (key.isConnectable()) {
        channel.finishConnect();
        connected(key, key.selector());
      } else if (key.isWritable()) {
        write(key);
      } else if (key.isReadable()) {
        read(nowNanos);
      }
    } catch (IOException e) {
      failed(e.getMessage(), nowNanos);
    }
  }

  private void connected(SelectionKey key, Selector selector) throws IOException {
    state = State.WRITING;
    SelectionKey k = key != null ? key : channel.register(selector, 0, this);
    write(k);
  }

  private void write(SelectionKey key) throws IOException {
    channel.write(out);
    if (out.hasRemaining()) {
      key.interestOps(SelectionKey.OP_WRITE);
      return;
    }
    state = State.HEADERS;
    key.interestOps(SelectionKey.OP_READ);
  }

  private void read(long nowNanos) throws IOException {
    int n = channel.read(in);
    if (n < 0) {
      failed(null, nowNanos);
      return;
    }
    parse(nowNanos);
    if (!in.hasRemaining()) {
      if (in.capacity() >= MAX_BUFFER) {
        failed("an SSE line longer than " + MAX_BUFFER + " bytes", nowNanos);
        return;
      }
      ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
      in.flip();
      bigger.put(in);
      in = bigger;
    }
  }

  private void parse(long nowNanos) throws IOException {
    byte[] b = in.array();
    int end = in.position();
    int pos = 0;
    if (state == State.HEADERS) {
      int h = BenchPayload.indexOf(b, 0, end, HEADER_END);
      if (h < 0) {
        return;
      }
      checkHeaders(new String(b, 0, h, StandardCharsets.ISO_8859_1));
      state = State.STREAM;
      pos = h + HEADER_END.length;
      if (reconnects != null) {
        reconnectAt = nowNanos + reconnects.nextDelayNanos();
      }
    }
    while (pos < end) {
      int nl = indexOfNewline(b, pos, end);
      if (nl < 0) {
        break;
      }
      int lineEnd = nl > pos && b[nl - 1] == '\r' ? nl - 1 : nl;
      line(b, pos, lineEnd, nowNanos);
      pos = nl + 1;
    }
    System.arraycopy(b, pos, b, 0, end - pos);
    in.position(end - pos);
  }

  private static void checkHeaders(String head) throws IOException {
    String status = head.lines().findFirst().orElse("");
    if (!status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.0 200")) {
      throw new IOException("the stream answered '" + status + "'");
    }
    if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
      throw new IOException("the stream is chunked; this client reads plain SSE streams only");
    }
  }

  private void line(byte[] b, int start, int end, long nowNanos) {
    if (start == end) {
      dispatch(nowNanos);
    } else if (b[start] == ':') {
      return;
    } else if (startsWith(b, start, end, "data:")) {
      data(b, skipSpace(b, start + 5, end), end);
    } else if (startsWith(b, start, end, "id:")) {
      pendingId = BenchPayload.number(b, skipSpace(b, start + 3, end), 0, end);
    } else if (startsWith(b, start, end, "event:")) {
      pendingNamed = true;
    }
  }

  private void data(byte[] b, int start, int end) {
    if (payload.read(b, start, end, fields)) {
      pendingBench = true;
      pendingSeq = fields.seq();
      pendingSend = fields.sendNanos();
    } else if (end - start == CONNECTED.length
        && BenchPayload.indexOf(b, start, end, CONNECTED) == start) {
      pendingConnected = true;
    }
  }

  private void dispatch(long nowNanos) {
    if (!pendingNamed && pendingBench) {
      tally.record(pendingSeq, pendingSend, pendingId, 0, nowNanos);
    }
    if (pendingConnected && !readyCounted) {
      readyCounted = true;
      ready.countDown();
    }
    resetParser();
  }

  private void resetParser() {
    pendingId = -1;
    pendingNamed = false;
    pendingBench = false;
    pendingConnected = false;
  }

  /** Reconnects when its time has come; called by the loop between selects. */
  void tick(Selector selector, long nowNanos) {
    if (state == State.IDLE && reopenAt >= 0 && nowNanos >= reopenAt) {
      tally.reconnected(nowNanos);
      open(selector, nowNanos);
    } else if (state == State.STREAM && nowNanos >= reconnectAt) {
      closeChannel();
      reconnectAt = Long.MAX_VALUE;
      tally.reconnected(nowNanos);
      open(selector, nowNanos);
    }
  }

  /** The stream ended or failed; with reconnects on, it comes back shortly. */
  private void failed(String error, long nowNanos) {
    boolean wasStreaming = state == State.STREAM;
    closeChannel();
    if (error != null) {
      loop.error(error);
    }
    if (wasStreaming) {
      tally.disconnected();
    }
    if (reconnects != null && state != State.CLOSED) {
      state = State.IDLE;
      reopenAt = nowNanos + REOPEN_DELAY_NANOS;
    } else {
      state = State.CLOSED;
    }
  }

  void closeChannel() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      loop.error("closing a stream: " + e.getMessage());
    }
    channel = null;
  }

  /** Closes for good: the step is over. */
  void shutdown() {
    state = State.CLOSED;
    closeChannel();
  }

  private static int indexOfNewline(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int skipSpace(byte[] b, int at, int end) {
    return at < end && b[at] == ' ' ? at + 1 : at;
  }

  private static boolean startsWith(byte[] b, int start, int end, String prefix) {
    if (end - start < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[start + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
