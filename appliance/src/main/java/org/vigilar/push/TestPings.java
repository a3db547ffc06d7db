package org.vigilar.push;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Test alerts waiting to be reported displayed. Only the few most recent are remembered; the
 * time is measured on the appliance's monotonic clock from the request to the report, so the
 * phone's clock does not matter.
 */
final class TestPings {

  private static final int REMEMBERED = 64;

  private final LongSupplier nanoTime;
  private final SecureRandom random;
  private final Map<String, Long> sentAt = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > REMEMBERED;
    }
  };

  TestPings(LongSupplier nanoTime, SecureRandom random) {
    this.nanoTime = nanoTime;
    this.random = random;
  }

  /** A new test id, remembered with the current time. */
  synchronized String start() {
    byte[] bytes = new byte[9];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sentAt.put(id, nanoTime.getAsLong());
    return id;
  }

  /** The time since {@code id} started; empty for an unknown or already reported id. */
  synchronized Optional<Duration> shown(String id) {
    Long start = sentAt.remove(id);
    return start == null ? Optional.empty()
        : Optional.of(Duration.ofNanos(nanoTime.getAsLong() - start));
  }
}
