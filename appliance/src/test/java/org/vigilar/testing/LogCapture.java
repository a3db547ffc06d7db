package org.vigilar.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Records what one logger writes while it is open, for tests that assert on log lines. */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Level previousLevel;

  private LogCapture(String loggerName, Level level) {
    this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    this.previousLevel = logger.getLevel();
    appender.setName("capture-" + loggerName);
    appender.start();
    logger.addAppender(appender);
    if (level != null) {
      logger.setLevel(level);
    }
  }

  /** Captures {@code loggerName} at its configured level. */
  public static LogCapture of(String loggerName) {
    return new LogCapture(loggerName, null);
  }

  /** Captures {@code type}'s logger, lowered to {@code level} while open. */
  public static LogCapture of(Class<?> type, Level level) {
    return new LogCapture(type.getName(), level);
  }

  /** The formatted messages logged so far, oldest first. */
  public List<String> messages() {
    synchronized (appender.list) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
    logger.setLevel(previousLevel);
  }
}
