package org.vigilar;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.alarm.AlarmPanel;
import org.vigilar.alarm.AlarmRoutes;
import org.vigilar.alarm.AlarmService;
import org.vigilar.alarm.AlarmStore;
import org.vigilar.alarm.AlarmView;
import org.vigilar.alarm.ArmMode;
import org.vigilar.alarm.PanelStatus;
import org.vigilar.bridge.BridgeCredentials;
import org.vigilar.bridge.EventBridge;
import org.vigilar.broker.EmbeddedBroker;
import org.vigilar.classify.Classifier;
import org.vigilar.classify.InputProblems;
import org.vigilar.classify.SeverityPolicy;
import org.vigilar.classify.Topics;
import org.vigilar.config.Settings;
import org.vigilar.devices.DeviceAuthenticator;
import org.vigilar.devices.DeviceRoutes;
import org.vigilar.devices.DeviceStore;
import org.vigilar.devices.Devices;
import org.vigilar.devices.MqttSecurity;
import org.vigilar.events.EventProcessor;
import org.vigilar.events.EventStore;
import org.vigilar.events.RecentEvents;
import org.vigilar.metrics.Metrics;
import org.vigilar.push.PushAlerts;
import org.vigilar.push.PushTuning;
import org.vigilar.security.AdminBootstrap;
import org.vigilar.security.InternalCredential;
import org.vigilar.security.SecretFiles;
import org.vigilar.security.WebAccess;
import org.vigilar.security.WebGuard;
import org.vigilar.sensors.SensorBook;
import org.vigilar.sensors.SensorDirectory;
import org.vigilar.sensors.SensorRoutes;
import org.vigilar.sensors.SensorSettingsStore;
import org.vigilar.sensors.SensorStore;
import org.vigilar.sensors.SupervisionLoop;
import org.vigilar.sensors.Supervisor;
import org.vigilar.store.Database;
import org.vigilar.tls.TlsMaterial;
import org.vigilar.tls.TlsRoutes;
import org.vigilar.tls.TlsSetup;
import org.vigilar.web.EventFeed;
import org.vigilar.web.EventRoutes;
import org.vigilar.web.HealthCheck;
import org.vigilar.web.SseHub;
import org.vigilar.web.WebServer;

/**
 * The composition root: builds every part of the appliance, starts them in order and stops them
 * in reverse, so that nothing accepted is lost.
 */
public final class Appliance implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Appliance.class);
  private static final int INTAKE_QUEUE = 65_536;
  /** How soon a live event whose MQTT message was lost still reaches the browsers. */
  private static final long FEED_POLL_MS = 250;
  /** Committed events the live feed reads from memory: a few seconds at a high rate. */
  private static final int RECENT_EVENTS = 8192;
  private static final int SSE_MAX_PENDING = 1_000;

  private final Settings settings;
  private final Metrics metrics = new Metrics();
  private final InternalCredential internal;
  private final Database db;
  private final EventStore events;
  private final RecentEvents recent;
  private final SensorStore sensors;
  private final EventProcessor processor;
  private final PushAlerts push;
  private final EmbeddedBroker broker;
  private final SseHub hub;
  private final WebServer web;
  private final AlarmService alarm;
  private final SupervisionLoop supervision;
  private final ExecutorService supervisor;
  private final SecureRandom random = new SecureRandom();
  private final Devices devices;
  private final MqttSecurity mqttSecurity;
  private final WebAccess webAccess;
  private EventBridge bridge;
  private EventFeed feed;
  private boolean closed;

  private Appliance(Settings settings, Clock clock, AdminBootstrap admin, Database db,
      PushTuning pushTuning) {
    this.settings = settings;
    this.internal = InternalCredential.generate(random);
    this.db = db;
    this.events = new EventStore(db);
    this.recent = new RecentEvents(RECENT_EVENTS, events.latestId());
    this.sensors = new SensorStore(db);

    SensorDirectory directory = new SensorDirectory(settings.sensors());
    SensorSettingsStore sensorSettings = new SensorSettingsStore(db);
    sensorSettings.all().forEach(directory::putEdits);
    sensors.records().forEach(r -> directory.noteKind(r.sourceId(), r.kind()));
    AlarmStore alarmStore = new AlarmStore(db);
    AlarmView alarmView = new AlarmView(settings.alarm(), directory,
        alarmStore.load().orElse(PanelStatus.initial(clock.instant())));

    // One view of the panel for severities and push rules alike.
    Supplier<ArmMode> armMode = alarmView::effectiveMode;
    SeverityPolicy severity = new SeverityPolicy(armMode, alarmView::isArmed);
    InputProblems problems = new InputProblems(metrics, System::nanoTime);
    this.supervisor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "vigilar-broker-supervisor");
      t.setDaemon(true);
      return t;
    });
    TlsMaterial tls = settings.web().httpsPort() >= 0 || settings.mqtt().tlsPort() >= 0
        ? TlsSetup.prepare(settings.dataDir(), settings.web().tlsCert(), settings.web().tlsKey(),
            clock, random)
        : null;
    // Building Netty's TLS context loads many classes; do it while the rest is set up.
    CompletableFuture<SslContext> mqttTls = tls == null ? null
        : CompletableFuture.supplyAsync(tls::nettyContext, Appliance::startThread);
    DeviceStore deviceStore = new DeviceStore(db);
    this.devices = new Devices(deviceStore, clock, random);
    this.mqttSecurity = new MqttSecurity(devices, deviceStore, internal,
        settings.mqtt().allowAnonymous(), metrics, clock, random, System::nanoTime,
        DeviceAuthenticator.Limits.defaults());
    EmbeddedBroker[] brokerRef = new EmbeddedBroker[1];
    this.processor = new EventProcessor(new Classifier(severity), new SensorBook(), db, events,
        sensors, (event, json) -> {
          recent.add(event.id(), json);
          brokerRef[0].publish(Topics.EVENTS_PUBLISHED,
              json.getBytes(java.nio.charset.StandardCharsets.UTF_8), MqttQoS.AT_LEAST_ONCE, false);
        },
        problems, metrics, INTAKE_QUEUE);
    this.broker = new EmbeddedBroker(settings.mqtt(), settings.dataDir().resolve("broker"),
        processor, mqttSecurity.brokerSecurity(mqttTls == null ? null : () -> readyTls(mqttTls)),
        metrics, clock, System::nanoTime, () -> supervisor.execute(this::restartBroker));
    brokerRef[0] = broker;
    this.push = PushAlerts.create(db, events, settings.push(), settings.dataDir(), metrics, clock,
        armMode, pushTuning);
    processor.addObserver(push.observer());

    AlarmPanel panel = new AlarmPanel(settings.alarm(), directory, severity, alarmView,
        openContacts(sensors), clock);
    this.alarm = new AlarmService(panel, settings.alarm(), alarmStore, processor,
        (topic, payload) -> brokerRef[0].publish(topic, payload, MqttQoS.AT_LEAST_ONCE, true),
        internal.username(), id -> isKeypadDevice(deviceStore, id), metrics, clock);
    processor.addCommandHandler(alarm);
    processor.addObserver(alarm);
    this.supervision = new SupervisionLoop(
        new Supervisor(settings.supervision(), directory, severity, clock), processor,
        SupervisionLoop.periodFor(settings.supervision()));

    TlsRoutes tlsRoutes = new TlsRoutes(tls, this::httpsPort);
    this.webAccess = WebAccess.create(db, metrics, clock, random, System::nanoTime, admin,
        settings.dataDir(), new WebGuard.Options(settings.web().redirectHttp(), this::httpsPort),
        tlsRoutes::facts);
    this.hub = new SseHub(events::after, metrics, SSE_MAX_PENDING);
    this.web = new WebServer(settings.web(), hub,
        List.of(new EventRoutes(events, sensors, directory::effective, clock),
            webAccess.routes(), new DeviceRoutes(devices, sensors),
            tlsRoutes, push.routes(),
            new AlarmRoutes(alarm, alarmView, settings.alarm(), directory, clock),
            new SensorRoutes(directory, sensorSettings, clock)),
        metrics, new Health(), webAccess.guard(), tls == null ? null : tls.sslContext());
  }

  /** A device whose rights include publishing alarm commands is a keypad. */
  private static boolean isKeypadDevice(DeviceStore store, String id) {
    return store.find(id)
        .map(stored -> stored.rights().canPublish(AlarmService.SET_TOPIC))
        .orElse(false);
  }

  private static Set<String> openContacts(SensorStore sensors) {
    return sensors.states().stream()
        .filter(s -> s.channel().equals("contact") && s.state().equals("open"))
        .map(SensorBook.StateChange::sourceId)
        .collect(Collectors.toSet());
  }

  /**
   * Builds and starts the appliance.
   *
   * @throws RuntimeException with a message naming the part that could not start
   */
  public static Appliance start(Settings settings, Clock clock) {
    return start(settings, clock, AdminBootstrap.fromEnvironment(System.getenv(), System.out));
  }

  /** As {@link #start(Settings, Clock)}, with push timeouts and backoff of the caller's. */
  static Appliance start(Settings settings, Clock clock, PushTuning pushTuning) {
    return start(settings, clock, AdminBootstrap.fromEnvironment(System.getenv(), System.out),
        pushTuning);
  }

  /**
   * Builds and starts the appliance.
   *
   * @param admin how the administrator password is settled at start
   * @throws RuntimeException with a message naming the part that could not start
   */
  public static Appliance start(Settings settings, Clock clock, AdminBootstrap admin) {
    return start(settings, clock, admin, PushTuning.defaults());
  }

  static Appliance start(Settings settings, Clock clock, AdminBootstrap admin,
      PushTuning pushTuning) {
    SecretFiles.ownerOnlyDirectory(settings.dataDir());
    Database db = Database.open(settings.dataDir().resolve("vigilar.db"));
    SecretFiles.restrict(db.file());
    Appliance appliance;
    try {
      appliance = new Appliance(settings, clock, admin, db, pushTuning);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    try {
      appliance.startParts();
    } catch (RuntimeException e) {
      appliance.close();
      throw e;
    }
    return appliance;
  }

  private static void startThread(Runnable work) {
    Thread thread = new Thread(work, "vigilar-start");
    thread.setDaemon(true);
    thread.start();
  }

  private static SslContext readyTls(CompletableFuture<SslContext> context) {
    try {
      return context.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause
          : new IllegalStateException("cannot set up MQTT over TLS: " + e.getCause(), e);
    }
  }

  private void startParts() {
    // Push first: it notes the newest stored event, so only later ones can alert.
    push.start();
    processor.start();
    broker.start();
    mqttSecurity.start(broker::disconnect);
    alarm.start();
    supervision.start();
    feed = new EventFeed(hub, events::after, recent, processor.lastPublishedId(),
        processor::lastPublishedId);
    feed.startPolling(FEED_POLL_MS);
    bridge = new EventBridge(brokerUri(), new BridgeCredentials(internal.username(),
        internal.password()), feed);
    bridge.start();
    web.start();
    log.info("Vigilar ready: MQTT port {} (TLS {}), web http://localhost:{}/ (HTTPS {}), data in"
        + " {}", broker.port(), broker.tlsPort(), web.httpPort(), web.httpsPort(),
        settings.dataDir().toAbsolutePath().normalize());
  }

  private String brokerUri() {
    String host = settings.mqtt().host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "tcp://" + host + ":" + broker.port();
  }

  private void restartBroker() {
    try {
      broker.restart();
      // The broker keeps no retained messages across a restart: publish the state again.
      alarm.republishState();
    } catch (RuntimeException e) {
      log.error("MQTT broker restart failed; devices cannot connect until Vigilar restarts", e);
    }
  }

  public int mqttPort() {
    return broker.port();
  }

  public int httpPort() {
    return web.httpPort();
  }

  /** The bound HTTPS port, or -1 without HTTPS (or before the web server exists). */
  public int httpsPort() {
    return web == null ? -1 : web.httpsPort();
  }

  /** The bound MQTT over TLS port, or -1 without it. */
  public int mqttTlsPort() {
    return broker.tlsPort();
  }

  /** Device credentials, as the command line and the web app manage them. */
  public Devices devices() {
    return devices;
  }

  public WebAccess webAccess() {
    return webAccess;
  }

  public Metrics metrics() {
    return metrics;
  }

  public InternalCredential internalCredential() {
    return internal;
  }

  public Settings settings() {
    return settings;
  }

  /** Stops the broker (and nothing else) as a power blip of the MQTT side would. */
  void stopBrokerForTest() {
    broker.stop();
  }

  void startBrokerForTest() {
    broker.start();
    alarm.republishState();
  }

  /**
   * Stops intake, drains and commits every accepted message, then closes the store. Browsers
   * are disconnected first and resume from the store when the appliance is back.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("Vigilar stopping");
    web.close();
    if (bridge != null) {
      bridge.close();
    }
    if (feed != null) {
      feed.close();
    }
    supervision.close();
    alarm.close();
    supervisor.shutdownNow();
    broker.stop();
    mqttSecurity.close();
    processor.close();
    push.close();
    webAccess.admin().awaitStartWork();
    db.close();
    try {
      supervisor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("Vigilar stopped");
  }

  private final class Health implements HealthCheck {

    @Override
    public boolean ready() {
      return !closed;
    }

    @Override
    public Map<String, Object> details() {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("store", closed ? "closed" : "ok");
      details.put("broker", broker.isRunning() ? "up" : "down");
      details.put("bridge", bridge != null && bridge.isLive() ? "live" : "paused");
      details.put("sse_clients", hub.clientCount());
      details.put("last_event_id", processor.lastPublishedId());
      return details;
    }
  }
}
