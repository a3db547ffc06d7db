package org.vigilar.bench.sut;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.broker.EmbeddedBroker;
import org.vigilar.config.MqttSettings;

/**
 * The bare embedded broker: Moquette with the appliance's settings and no interceptor, in its
 * own JVM, as the baseline the full pipeline is compared with.
 *
 * <p>Usage: {@code BareMoquette PORT WORK_DIR}; with {@code BENCH_MQTT_USERNAME} and
 * {@code BENCH_MQTT_PASSWORD} set, that one user must log in, as devices must on the appliance.
 * Runs until SIGTERM.
 */
public final class BareMoquette {

  private static final Logger log = LoggerFactory.getLogger(BareMoquette.class);

  private BareMoquette() {
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: BareMoquette PORT WORK_DIR");
      System.exit(2);
    }
    Path work = Path.of(args[1]);
    Files.createDirectories(work);
    String user = System.getenv("BENCH_MQTT_USERNAME");
    String password = System.getenv("BENCH_MQTT_PASSWORD");

    Server server = new Server();
    if (user == null) {
      server.startServer(new MemoryConfig(properties(Integer.parseInt(args[0]), work, true)));
    } else {
      byte[] expected = password.getBytes(StandardCharsets.UTF_8);
      server.startServer(new MemoryConfig(properties(Integer.parseInt(args[0]), work, false)),
          List.of(), null, (clientId, username, given) -> user.equals(username)
              && given != null && MessageDigest.isEqual(expected, given), null);
    }
    log.info("Bare Moquette listening on 127.0.0.1:{}", args[0]);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stopServer();
      stopped.countDown();
    }, "bare-moquette-stop"));
    stopped.await();
  }

  /**
   * The properties the appliance's broker starts Moquette with, for its plain listener (the
   * appliance's TLS listener is off in the benchmark).
   */
  static Properties properties(int port, Path work, boolean anonymous) {
    MqttSettings settings = new MqttSettings("127.0.0.1", port, -1, anonymous,
        MqttSettings.defaults().maxMessageSize());
    return EmbeddedBroker.moquetteProperties(settings, work, port, -1);
  }
}
