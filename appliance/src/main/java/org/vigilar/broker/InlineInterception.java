package org.vigilar.broker;

import io.moquette.broker.Server;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a started Moquette 0.17 server's interceptors on the thread that notifies them, instead
 * of handing each notification to the interceptor thread pool.
 *
 * <p>Every device message would otherwise wait for one more thread to wake up on its way to the
 * event processor, a large share of its latency on a quiet two-core box. The interceptors here
 * only copy the message and offer it to a bounded queue, so running them on Moquette's session
 * threads costs those threads nothing; messages of one client keep their order because one
 * session thread serves each client.
 *
 * <p>Moquette has no setting for this, so the pool in its private {@code executor} field is
 * replaced. This is a speed-up only: if the field is not found, as after an upgrade, the
 * interceptors stay on their pool and the broker runs as before.
 */
final class InlineInterception {

  private static final Logger log = LoggerFactory.getLogger(InlineInterception.class);

  private InlineInterception() {
  }

  /**
   * Swaps the pool of {@code server}'s interceptors for the calling threads.
   *
   * @return whether the interceptors now run inline
   */
  static boolean install(Server server) {
    try {
      Object interceptor = field(Server.class, "interceptor").get(server);
      Field executorField = field(interceptor.getClass(), "executor");
      ExecutorService pool = (ExecutorService) executorField.get(interceptor);
      executorField.set(interceptor, new CallerRuns());
      pool.shutdown();
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("MQTT interceptors stay on their own thread ({}); device messages take"
          + " slightly longer to reach the event processor", e.toString());
      return false;
    }
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  /**
   * Runs each task at once. A failing interceptor must not reach Moquette's session thread,
   * whose death would stop every client it serves, so failures are logged here as the pool's
   * thread would have ended with them.
   */
  static final class CallerRuns extends AbstractExecutorService {

    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("MQTT interceptor failed", e);
      }
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
