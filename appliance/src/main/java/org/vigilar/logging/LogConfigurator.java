package org.vigilar.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.util.Map;

/**
 * The appliance's logging, set up in code rather than from a logback XML file.
 *
 * <p>Reading the XML file loads logback's configuration language and the JDK's XML parser,
 * some four hundred classes that a small box keeps in memory for as long as it runs. An
 * explicit file still wins: {@code -Dlogback.configurationFile} or a {@code logback-test.xml}
 * on the class path is left to logback's own configurators.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

  /** The directory of the log files; the launcher points it into the data directory. */
  public static final String DIR_PROPERTY = "vigilar.log.dir";
  /** The root level; the command line's credential commands lower it to WARN. */
  public static final String LEVEL_PROPERTY = "vigilar.log.level";

  private static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";
  private static final String FILE_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger - %msg%n";

  /** Libraries that are chatty at INFO: Moquette, for one, logs every connect. */
  private static final Map<String, Level> QUIETER = Map.of(
      "io.moquette", Level.WARN,
      "io.netty", Level.INFO,
      "org.xnio", Level.WARN,
      "org.jboss", Level.WARN,
      "io.undertow", Level.WARN);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || getClass().getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }

    apply(context, System.getProperty(DIR_PROPERTY, "./vigilar-data/logs"),
        Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.INFO));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  static void apply(LoggerContext context, String dir, Level rootLevel) {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel);
    root.addAppender(console(context));
    root.addAppender(file(context, dir));
    QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }

  private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("CONSOLE");
    appender.setEncoder(encoder(context, CONSOLE_PATTERN));
    appender.start();
    return appender;
  }

  /** Rolled daily and at 10 MB, compressed, kept 14 days and 100 MB at most. */
  private static RollingFileAppender<ILoggingEvent> file(LoggerContext context, String dir) {
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("FILE");
    appender.setFile(dir + "/vigilar.log");

    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(context);
    policy.setParent(appender);
    policy.setFileNamePattern(dir + "/vigilar.%d{yyyy-MM-dd}.%i.log.gz");
    policy.setMaxFileSize(FileSize.valueOf("10MB"));
    policy.setMaxHistory(14);
    policy.setTotalSizeCap(FileSize.valueOf("100MB"));
    policy.start();

    appender.setRollingPolicy(policy);
    appender.setEncoder(encoder(context, FILE_PATTERN));
    appender.start();
    return appender;
  }

  private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }
}
