package org.vigilar;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.vigilar.config.Settings;
import org.vigilar.config.SettingsException;
import org.vigilar.logging.LogConfigurator;
import org.vigilar.security.SecretFiles;
import org.vigilar.store.Database;
import org.vigilar.store.StoreException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on the data directory's store directly, whether or not the appliance is
 * running (SQLite lets both write in turn; the appliance notices changes by itself).
 */
abstract class StoreCommand implements Callable<Integer> {

  @Mixin
  Main.SettingsOptions options;

  @Spec
  CommandSpec spec;

  /** What the command does once the store is open; returns the exit code. */
  abstract int run(Database db, Settings settings, Clock clock, PrintWriter out);

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Settings settings;
    try {
      settings = options.load();
    } catch (SettingsException e) {
      err.println("vigilar: " + e.getMessage());
      return 2;
    }
    // Logback reads these when the first logger is made: keep the console for the answer.
    String logs = settings.dataDir().resolve("logs").toString();
    System.setProperty(LogConfigurator.DIR_PROPERTY, logs);
    System.setProperty(LogConfigurator.LEVEL_PROPERTY, "WARN");
    SecretFiles.ownerOnlyDirectory(settings.dataDir());
    Database db;
    try {
      db = Database.open(settings.dataDir().resolve("vigilar.db"));
    } catch (StoreException e) {
      err.println("vigilar: " + e.getMessage());
      return 1;
    }
    try {
      SecretFiles.restrict(db.file());
      PrintWriter out = spec.commandLine().getOut();
      int code = run(db, settings, Clock.systemUTC(), out);
      out.flush();
      return code;
    } catch (IllegalArgumentException | IllegalStateException | StoreException e) {
      err.println("vigilar: " + e.getMessage());
      return 1;
    } finally {
      db.close();
    }
  }
}
