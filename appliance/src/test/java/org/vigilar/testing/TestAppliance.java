package org.vigilar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.sqlite.SQLiteConfig;
import org.vigilar.Appliance;
import org.vigilar.classify.InputProblems;
import org.vigilar.config.MqttSettings;
import org.vigilar.config.SensorSettings;
import org.vigilar.config.Settings;
import org.vigilar.config.WebSettings;
import org.vigilar.security.AdminBootstrap;

/**
 * A real appliance on free loopback ports in a test's data directory, with the clients tests
 * use to talk to it and a direct view of its SQLite file.
 */
public final class TestAppliance implements AutoCloseable {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  /** The administrator password of every test appliance, for browser sign-in. */
  public static final String ADMIN_PASSWORD = "test-admin-password-1";

  private final Path dataDir;
  private final Settings settings;
  private Appliance appliance;
  private String token;

  private TestAppliance(Path dataDir, Settings settings) {
    this.dataDir = dataDir;
    this.settings = settings;
    this.appliance = startAppliance(settings);
    this.token = newToken(appliance);
  }

  private static Appliance startAppliance(Settings settings) {
    return Appliance.start(settings, Clock.systemUTC(),
        new AdminBootstrap(ADMIN_PASSWORD.toCharArray(), System.out));
  }

  /** An API token, as an integration such as Home Assistant would use. */
  private static String newToken(Appliance appliance) {
    return appliance.webAccess().tokens().add("tests-" + System.nanoTime()).reveal();
  }

  /** The headers that let a test client past the sign-in. */
  public Map<String, String> authHeaders() {
    return Map.of("Authorization", "Bearer " + token);
  }

  /** Starts on free ports with data in {@code dataDir}. */
  public static TestAppliance start(Path dataDir) {
    return start(dataDir, 0);
  }

  /**
   * @param httpPort a fixed HTTP port (so a browser can find a restarted appliance), or 0
   */
  public static TestAppliance start(Path dataDir, int httpPort) {
    return start(dataDir, httpPort, UnaryOperator.identity());
  }

  /**
   * @param httpPort a fixed HTTP port, or 0
   * @param tweak changes to the test settings, kept for {@link #restart()}
   */
  public static TestAppliance start(Path dataDir, int httpPort, UnaryOperator<Settings> tweak) {
    Settings settings = Settings.defaults(dataDir)
        .withMqtt(MqttSettings.ephemeral())
        .withWeb(httpPort == 0 ? WebSettings.ephemeral()
            : new WebSettings("127.0.0.1", httpPort, -1));
    return new TestAppliance(dataDir, tweak.apply(settings));
  }

  /**
   * Declares {@code sourceIds} as monitors: recorded on the timeline like any sensor, but
   * never setting the alarm panel off. For tests of other parts that use smoke, water, panic
   * or tamper sensors as sample data; by default these trigger the panel in every mode, which
   * adds alarm events (and alerts) of its own to the ones the test counts.
   */
  public static UnaryOperator<Settings> monitorOnly(String... sourceIds) {
    return settings -> {
      Map<String, SensorSettings> sensors = new HashMap<>(settings.sensors());
      for (String id : sourceIds) {
        sensors.put(id, new SensorSettings(null, null, null, "monitor"));
      }
      return settings.withSensors(sensors);
    };
  }

  public Appliance appliance() {
    return appliance;
  }

  public Path dataDir() {
    return dataDir;
  }

  public int httpPort() {
    return appliance.httpPort();
  }

  /** Closes the appliance and starts a new one on the same data directory and settings. */
  public void restart() {
    appliance.close();
    appliance = startAppliance(settings);
    token = newToken(appliance);
  }

  /** A device connected with the appliance's internal credential. */
  public MqttTestClient device() throws MqttException {
    return MqttTestClient.connect(appliance);
  }

  public SseTestClient sse() throws IOException {
    return SseTestClient.open(httpPort(), "/events/stream", authHeaders());
  }

  public SseTestClient sse(String pathAndQuery, Map<String, String> headers) throws IOException {
    Map<String, String> all = new java.util.HashMap<>(authHeaders());
    all.putAll(headers);
    return SseTestClient.open(httpPort(), pathAndQuery, all);
  }

  public long problems(String kind) {
    return appliance.metrics().count(InputProblems.METRIC, "kind", kind);
  }

  public long counter(String name) {
    return appliance.metrics().count(name, "", "");
  }

  // ---- HTTP ----

  public HttpResponse<String> get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  public HttpResponse<String> post(String pathAndQuery, String json) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public HttpResponse<String> put(String pathAndQuery, String json) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public JsonNode getJson(String pathAndQuery) {
    HttpResponse<String> response = get(pathAndQuery);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + pathAndQuery + " answered " + response.statusCode()
          + ": " + response.body());
    }
    return json(response.body());
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + httpPort() + pathAndQuery);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    request.header("Authorization", "Bearer " + token);
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("HTTP request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  // ---- The SQLite file ----

  /** Every stored event, oldest first, read with a connection of the test's own. */
  public List<StoredEvent> storedEvents() {
    return storedEvents(dataDir);
  }

  /** Stored events of {@code sourceId}, oldest first. */
  public List<StoredEvent> storedEvents(String sourceId) {
    return query(dataDir, " WHERE source_id = ?", sourceId);
  }

  /** Waits until {@code sourceId} has an event of {@code type} and returns the newest. */
  public StoredEvent awaitStored(String sourceId, String type) {
    return Await.value(type + " event of " + sourceId, () -> {
      List<StoredEvent> found = storedEvents(sourceId).stream()
          .filter(e -> e.type().equals(type)).toList();
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    });
  }

  /** Reads the events of the store file in {@code dataDir}, oldest first. */
  public static List<StoredEvent> storedEvents(Path dataDir) {
    return query(dataDir, "", null);
  }

  private static List<StoredEvent> query(Path dataDir, String where, String arg) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5000);
    String url = "jdbc:sqlite:" + dataDir.resolve("vigilar.db").toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url, config.toProperties());
        PreparedStatement st = c.prepareStatement("SELECT id, ts, type, severity, source_id,"
            + " payload FROM events" + where + " ORDER BY id")) {
      if (arg != null) {
        st.setString(1, arg);
      }
      List<StoredEvent> events = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          events.add(new StoredEvent(rs.getLong(1), rs.getLong(2), rs.getString(3),
              rs.getString(4), rs.getString(5), rs.getString(6)));
        }
      }
      return events;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the events of " + dataDir, e);
    }
  }

  @Override
  public void close() {
    appliance.close();
  }
}
