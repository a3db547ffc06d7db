package org.vigilar.bench.sut;

import java.net.InetSocketAddress;
import java.util.function.Predicate;

/** What the benchmark measures: the appliance, or a bare broker to compare it with. */
public interface SystemUnderTest extends AutoCloseable {

  /** How long a launch took. */
  record Launch(double readyMs, Double liveMs) {
  }

  /** {@code appliance}, {@code moquette} or {@code mosquitto}. */
  String name();

  /** Where devices connect, such as {@code tcp://127.0.0.1:1883}. */
  String mqttUri();

  /** The web server, or null for a broker. */
  InetSocketAddress http();

  /** Its process id, or -1 when the benchmark did not start it and was not told. */
  long pid();

  /** How its start went, or null when the benchmark did not start it. */
  Launch launch();

  /** Lines of its log that match, or -1 when its log is not at hand. */
  long logLines(Predicate<String> match);

  @Override
  void close();
}
