package org.vigilar.bench.sut;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on a plain socket, for health checks and the login: cheap enough to
 * poll every few milliseconds while a system starts, and with no connection pool to hide a
 * server that is not up yet.
 */
public final class HttpProbe {

  private static final int MAX_RESPONSE = 1 << 20;

  /** An answer: status, the values of {@code Set-Cookie}, body text. */
  public record Response(int status, List<String> cookies, String body) {
  }

  private HttpProbe() {
  }

  /**
   * Sends one request with {@code Connection: close} and reads the whole answer.
   *
   * @param jsonBody request body sent as JSON, or null for none
   * @throws IOException when nothing or no HTTP answer comes back in time
   */
  public static Response send(InetSocketAddress server, String method, String path,
      String jsonBody, int timeoutMs) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server, timeoutMs);
      socket.setSoTimeout(timeoutMs);
      byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder()
          .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
          .append("Host: ").append(server.getHostString()).append(':')
          .append(server.getPort()).append("\r\nConnection: close\r\n");
      if (jsonBody != null) {
        head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length)
            .append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    byte[] all = in.readNBytes(MAX_RESPONSE);
    if (all.length == 0) {
      throw new IOException("empty answer");
    }
    return all;
  }

  private static Response parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.UTF_8);
    int split = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || split < 0) {
      throw new IOException("not an HTTP answer");
    }
    String[] lines = text.substring(0, split).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<String> cookies = new ArrayList<>();
    for (String line : lines) {
      if (line.toLowerCase(Locale.ROOT).startsWith("set-cookie:")) {
        String value = line.substring("set-cookie:".length()).strip();
        int semi = value.indexOf(';');
        cookies.add(semi < 0 ? value : value.substring(0, semi));
      }
    }
    return new Response(status, List.copyOf(cookies), text.substring(split + 4));
  }
}
