package org.vigilar.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.vigilar.bench.sut.HttpProbe;
import org.vigilar.bench.sut.SystemUnderTest;
import org.vigilar.bench.traffic.BenchPayload;
import org.vigilar.bench.traffic.Epoch;
import org.vigilar.bench.traffic.Publishers;

/**
 * A started system with the benchmark's sensors connected to it; steps run one after another
 * in one session, continuing the sequence numbers and sensor states.
 */
final class Session implements AutoCloseable {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final SystemUnderTest system;
  private final BenchPayload payload;
  private final Publishers publishers;
  private final Epoch epoch;
  private final String cookie;

  private Session(SystemUnderTest system, BenchPayload payload, Publishers publishers,
      Epoch epoch, String cookie) {
    this.system = system;
    this.payload = payload;
    this.publishers = publishers;
    this.epoch = epoch;
    this.cookie = cookie;
  }

  /** Connects the publishers (and logs in for the SSE clients when configured). */
  static Session open(SystemUnderTest system, BenchConfig config, Epoch epoch, Random random)
      throws InterruptedException {
    String tag = "b" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    BenchPayload payload = new BenchPayload(tag.substring(0, Math.min(12, tag.length())),
        config.sensors());
    Publishers publishers = new Publishers(new Publishers.Options(system.mqttUri(),
        config.publishers(), config.inflight(), config.device()), payload, epoch);
    try {
      publishers.connect(CONNECT_TIMEOUT);
    } catch (MqttException e) {
      publishers.close();
      throw new IllegalStateException("the publishers cannot connect to " + system.name()
          + " at " + system.mqttUri() + " as " + config.device() + ": " + e, e);
    } catch (InterruptedException e) {
      publishers.close();
      throw e;
    }
    String cookie = null;
    if (system.http() != null && config.adminPassword() != null) {
      cookie = login(system, config.adminPassword());
    }
    return new Session(system, payload, publishers, epoch, cookie);
  }

  private static String login(SystemUnderTest system, String password) {
    try {
      HttpProbe.Response r = HttpProbe.send(system.http(), "POST", "/api/login",
          "{\"password\":\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}",
          5000);
      if (r.status() / 100 != 2 || r.cookies().isEmpty()) {
        throw new IllegalStateException("login to " + system.http() + " answered "
            + r.status() + " with " + r.cookies().size() + " cookies");
      }
      return String.join("; ", r.cookies());
    } catch (IOException e) {
      throw new IllegalStateException("cannot log in to " + system.http() + ": "
          + e.getMessage(), e);
    }
  }

  SystemUnderTest system() {
    return system;
  }

  BenchPayload payload() {
    return payload;
  }

  Publishers publishers() {
    return publishers;
  }

  Epoch epoch() {
    return epoch;
  }

  /** The SSE session cookie, or null. */
  String cookie() {
    return cookie;
  }

  /** Closes the publishers, not the system. */
  @Override
  public void close() {
    publishers.close();
  }
}
