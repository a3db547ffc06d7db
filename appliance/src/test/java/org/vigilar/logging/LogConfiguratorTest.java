package org.vigilar.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogConfiguratorTest {

  @TempDir
  Path dir;

  /** A context of its own, as logback makes at start, so the tests' logging is untouched. */
  private static LoggerContext newContext() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
    return context;
  }

  @Test
  void writesTheLogFileWithThreadAndFullLoggerName() throws Exception {
    LoggerContext context = newContext();
    try {
      LogConfigurator.apply(context, dir.toString(), Level.INFO);

      context.getLogger("org.vigilar.events.EventProcessor").info("Event {} stored", 42);
      context.getLogger("org.vigilar.events.EventProcessor").debug("not at INFO");
      context.getLogger("io.moquette.broker.Server").info("every connect, not wanted");
      context.getLogger("io.moquette.broker.Server").warn("a broker problem");

      String log = Files.readString(dir.resolve("vigilar.log"));
      assertTrue(log.contains("INFO  [" + Thread.currentThread().getName()
          + "] org.vigilar.events.EventProcessor - Event 42 stored"), log);
      assertTrue(log.contains("WARN  [" + Thread.currentThread().getName()
          + "] io.moquette.broker.Server - a broker problem"), log);
      assertFalse(log.contains("not at INFO"), log);
      assertFalse(log.contains("every connect"), log);
    } finally {
      context.stop();
    }
  }

  @Test
  void theCommandLineCanLowerTheRootLevel() throws Exception {
    LoggerContext context = newContext();
    try {
      LogConfigurator.apply(context, dir.toString(), Level.WARN);

      context.getLogger("org.vigilar.Main").info("chatter");
      context.getLogger("org.vigilar.Main").warn("worth seeing");

      String log = Files.readString(dir.resolve("vigilar.log"));
      assertFalse(log.contains("chatter"), log);
      assertTrue(log.contains("worth seeing"), log);
      assertEquals(Level.WARN, context.getLogger("org.vigilar").getEffectiveLevel());
    } finally {
      context.stop();
    }
  }
}
