package org.vigilar.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 request whose path goes on the wire exactly as given, unnormalised. */
public final class RawHttp {

  /** The status code and the whole response, head and body. */
  public record Response(int status, String text) {
  }

  private RawHttp() {
  }

  public static Response get(int port, String rawPath) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      String[] statusLine = text.split("\r\n", 2)[0].split(" ");
      return new Response(Integer.parseInt(statusLine[1]), text);
    }
  }
}
