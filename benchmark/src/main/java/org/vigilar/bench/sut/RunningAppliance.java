package org.vigilar.bench.sut;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Predicate;

/** An appliance someone else started, reached on loopback ports (the {@code --target} flag). */
public final class RunningAppliance implements SystemUnderTest {

  private final int mqttPort;
  private final InetSocketAddress http;
  private final long pid;

  /**
   * @param pid its process, for CPU and memory, or -1 when unknown
   * @throws IllegalStateException when its {@code /healthz} does not answer 200
   */
  public RunningAppliance(String host, int mqttPort, int httpPort, long pid) {
    this.mqttPort = mqttPort;
    this.http = new InetSocketAddress(host, httpPort);
    if (http.getAddress() == null || !http.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the benchmark targets loopback only, not " + host);
    }
    this.pid = pid;
    try {
      HttpProbe.Response r = HttpProbe.send(http, "GET", "/healthz", null, 2000);
      if (r.status() != 200) {
        throw new IllegalStateException("/healthz of " + http + " answered " + r.status());
      }
    } catch (IOException e) {
      throw new IllegalStateException("no appliance answers at " + http + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public String name() {
    return "appliance";
  }

  @Override
  public String mqttUri() {
    return "tcp://" + http.getHostString() + ":" + mqttPort;
  }

  @Override
  public InetSocketAddress http() {
    return http;
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public Launch launch() {
    return null;
  }

  @Override
  public long logLines(Predicate<String> match) {
    return -1;
  }

  @Override
  public void close() {
    // Not ours to stop.
  }
}
