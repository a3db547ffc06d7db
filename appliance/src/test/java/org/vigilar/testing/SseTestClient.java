package org.vigilar.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A minimal Server-Sent Events client over a plain socket, so tests control exactly what is sent
 * and when the connection ends. A reader thread parses {@code id:}, {@code event:} and
 * {@code data:} lines into {@link Message}s that tests await.
 */
public final class SseTestClient implements AutoCloseable {

  /** One dispatched SSE message; {@code event} is null for the default type. */
  public record Message(String id, String event, String data) {

    public long idNumber() {
      return Long.parseLong(id);
    }
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Socket socket;
  private final Thread reader;
  private final List<Message> messages = new ArrayList<>();
  private final Map<String, String> headers = new LinkedHashMap<>();
  private int status;
  private int comments;
  private boolean ended;
  private IOException failure;

  private SseTestClient(Socket socket) {
    this.socket = socket;
    this.reader = new Thread(this::read, "sse-test-client-" + THREADS.incrementAndGet());
    reader.setDaemon(true);
  }

  /**
   * Opens {@code path} (with its query) on {@code 127.0.0.1:port} and starts reading.
   *
   * @param requestHeaders extra headers such as {@code Last-Event-ID}
   */
  public static SseTestClient open(int port, String path, Map<String, String> requestHeaders)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(port).append("\r\n")
          .append("Accept: text/event-stream\r\n")
          .append("Cache-Control: no-cache\r\n");
      requestHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    SseTestClient client = new SseTestClient(socket);
    client.reader.start();
    return client;
  }

  public static SseTestClient open(int port) throws IOException {
    return open(port, "/events/stream", Map.of());
  }

  private void read() {
    try (InputStream raw = new BufferedInputStream(socket.getInputStream())) {
      readHead(raw);
      InputStream body = "chunked".equalsIgnoreCase(header("transfer-encoding"))
          ? new ChunkedInput(raw) : raw;
      parseEvents(body);
    } catch (IOException e) {
      synchronized (this) {
        failure = e;
      }
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  private void readHead(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("connection closed before the status line");
    }
    String[] parts = statusLine.split(" ", 3);
    Map<String, String> found = new LinkedHashMap<>();
    String headerLine;
    while ((headerLine = line(in)) != null && !headerLine.isEmpty()) {
      int colon = headerLine.indexOf(':');
      found.put(headerLine.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          headerLine.substring(colon + 1).strip());
    }
    synchronized (this) {
      status = Integer.parseInt(parts[1]);
      headers.putAll(found);
      notifyAll();
    }
  }

  private void parseEvents(InputStream in) throws IOException {
    String id = null;
    String event = null;
    StringBuilder data = null;
    String text;
    while ((text = line(in)) != null) {
      if (text.isEmpty()) {
        if (data != null) {
          dispatch(new Message(id, event, data.toString()));
        }
        id = null;
        event = null;
        data = null;
        continue;
      }
      if (text.startsWith(":")) {
        synchronized (this) {
          comments++;
        }
        continue;
      }
      int colon = text.indexOf(':');
      String field = colon < 0 ? text : text.substring(0, colon);
      String value = colon < 0 ? "" : text.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n')
            .append(value);
        default -> {
          // Fields such as retry are not needed by the tests.
        }
      }
    }
  }

  private synchronized void dispatch(Message message) {
    messages.add(message);
    notifyAll();
  }

  /** One line without its CR LF or LF, or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        break;
      }
      buffer.write(b);
    }
    if (b == -1 && buffer.size() == 0) {
      return null;
    }
    byte[] bytes = buffer.toByteArray();
    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1
        : bytes.length;
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /** The response status, waiting for the head to arrive. */
  public synchronized int status() throws InterruptedException {
    long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
    while (status == 0 && !ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no response head within " + Await.TIMEOUT);
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return status;
  }

  /** A response header by lower-case name, once the head arrived. */
  public synchronized String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  /** Messages of the default type that carry an id: the events. */
  public synchronized List<Message> events() {
    return messages.stream().filter(m -> m.event() == null && m.id() != null).toList();
  }

  public synchronized List<Long> eventIds() {
    return events().stream().map(Message::idNumber).toList();
  }

  public synchronized int comments() {
    return comments;
  }

  /** True once the server closed the stream (or the socket failed). */
  public synchronized boolean ended() {
    return ended;
  }

  /** Waits until at least {@code count} messages of any type arrived and returns them all. */
  public List<Message> awaitMessages(int count) {
    return awaitMessages(count, Await.TIMEOUT);
  }

  public synchronized List<Message> awaitMessages(int count, Duration timeout) {
    waitFor(() -> messages.size() >= count, count + " SSE messages", timeout);
    return List.copyOf(messages);
  }

  /** Waits for the first event whose data satisfies {@code test}. */
  public synchronized Message awaitEvent(String what, Predicate<Message> test) {
    waitFor(() -> events().stream().anyMatch(test), what, Await.TIMEOUT);
    return events().stream().filter(test).findFirst().orElseThrow();
  }

  /** Waits for an event whose id is at least {@code id}. */
  public synchronized void awaitEventId(long id) {
    waitFor(() -> events().stream().anyMatch(m -> m.idNumber() >= id), "SSE event id " + id,
        Await.TIMEOUT);
  }

  /** Waits until the server closes the stream. */
  public synchronized void awaitEnd(Duration timeout) {
    waitFor(() -> ended, "the end of the SSE stream", timeout);
  }

  private void waitFor(java.util.function.BooleanSupplier condition, String what,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || (ended && !condition.getAsBoolean())) {
        throw new AssertionError((ended ? "SSE stream ended" : "timed out") + " waiting for "
            + what + "; received " + messages + Optional.ofNullable(failure)
                .map(f -> ", failure " + f).orElse(""));
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** Drops the connection, as a browser tab being closed would, and stops the reader. */
  @Override
  public void close() {
    try {
      socket.close();
      reader.join(10_000);
    } catch (IOException e) {
      throw new IllegalStateException("cannot close the SSE test socket", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Decodes an HTTP/1.1 chunked body. */
  private static final class ChunkedInput extends InputStream {

    private final InputStream in;
    private long left;
    private boolean done;

    ChunkedInput(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = line(in);
        if (size == null) {
          done = true;
          return -1;
        }
        if (size.isEmpty()) {
          size = line(in);
        }
        if (size == null) {
          done = true;
          return -1;
        }
        int semicolon = size.indexOf(';');
        left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
        if (left == 0) {
          done = true;
          return -1;
        }
      }
      int b = in.read();
      if (b == -1) {
        done = true;
        return -1;
      }
      left--;
      if (left == 0) {
        // The CR LF after the chunk is consumed before the next size line.
        line(in);
      }
      return b;
    }
  }
}
