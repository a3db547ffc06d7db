package org.vigilar.push;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.alarm.ArmMode;
import org.vigilar.config.PushSettings;
import org.vigilar.events.EventObserver;
import org.vigilar.events.EventStore;
import org.vigilar.metrics.Metrics;
import org.vigilar.store.Database;
import org.vigilar.store.StoreException;
import org.vigilar.web.Routes;

/**
 * Web Push alerts: the VAPID keys, the subscriptions, the rules, the durable outbox and the
 * senders, wired together.
 *
 * <p>Events come in through {@link #observer()} (non-blocking), become outbox rows in SQLite,
 * and go out to push services with timeouts, retries and backoff. Start it before the event
 * processor and close it after the processor has drained and before the database closes.
 */
public final class PushAlerts implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PushAlerts.class);
  /** Events waiting between the event processor and the dispatcher. */
  private static final int HANDOFF = 1024;
  static final String KEY_FILE = "push-vapid.key";

  private final VapidKeys keys;
  private final SubscriptionStore subscriptions;
  private final Outbox outbox;
  private final Dispatcher dispatcher;
  private final Courier courier;
  private final PushApi api;

  private PushAlerts(VapidKeys keys, SubscriptionStore subscriptions, Outbox outbox,
      Dispatcher dispatcher, Courier courier, PushApi api) {
    this.keys = keys;
    this.subscriptions = subscriptions;
    this.outbox = outbox;
    this.dispatcher = dispatcher;
    this.courier = courier;
    this.api = api;
  }

  /**
   * Loads or makes the VAPID keys (in {@code dataDir}) and builds the feature; nothing runs
   * until {@link #start()}.
   *
   * @param armMode the panel's current mode, read for every event
   */
  public static PushAlerts create(Database db, EventStore events, PushSettings settings,
      Path dataDir, Metrics metrics, Clock clock, Supplier<ArmMode> armMode, PushTuning tuning) {
    SecureRandom random = new SecureRandom();
    VapidKeys keys = VapidKeys.loadOrCreate(dataDir.resolve(KEY_FILE), random);
    PushMetrics pushMetrics = new PushMetrics(metrics);
    SubscriptionStore subscriptions = new SubscriptionStore(db);
    Outbox outbox = new Outbox(db);
    PushState state = new PushState(db);
    RuleBook rules = new RuleBook(state);
    PushSender sender = new PushSender(keys, settings.subject(), tuning, clock);
    Courier courier = new Courier(db, outbox, subscriptions, sender,
        new Backoff(tuning.firstRetry(), tuning.maxRetry(), random::nextDouble), clock,
        pushMetrics, tuning.senders());
    Dispatcher dispatcher = new Dispatcher(db, events, subscriptions, outbox, state, rules,
        armMode, clock, pushMetrics, courier::wake, HANDOFF);
    PushApi api = new PushApi(keys, db, subscriptions, outbox, rules,
        new TestPings(System::nanoTime, random), pushMetrics, courier::wake, clock);
    PushAlerts alerts = new PushAlerts(keys, subscriptions, outbox, dispatcher, courier, api);
    pushMetrics.gauges(alerts::outboxDepth, alerts::subscriptionCount, courier::inFlight);
    return alerts;
  }

  /** Receives each committed event; never blocks the event processor. */
  public EventObserver observer() {
    return dispatcher;
  }

  /** The {@code /api/push/*} routes. */
  public Routes routes() {
    return api;
  }

  /** The VAPID public key, base64url, as served on {@code /api/push/public-key}. */
  public String publicKey() {
    return keys.publicKey();
  }

  public void start() {
    dispatcher.start();
    courier.start();
    log.info("Push alerts started: {} subscriptions, {} alerts waiting",
        subscriptions.countDeliverable(), outbox.size());
  }

  private double outboxDepth() {
    try {
      return outbox.size();
    } catch (StoreException e) {
      return Double.NaN;
    }
  }

  private double subscriptionCount() {
    try {
      return subscriptions.countDeliverable();
    } catch (StoreException e) {
      return Double.NaN;
    }
  }

  /** Puts every event handed over so far into the outbox, then stops sending. */
  @Override
  public void close() {
    dispatcher.close();
    courier.close();
  }
}
