package org.vigilar;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import org.vigilar.config.Settings;
import org.vigilar.security.AdminAccount;
import org.vigilar.security.PasswordHash;
import org.vigilar.security.Secret;
import org.vigilar.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigilar admin password}: the web app's administrator password. */
@Command(name = "admin", description = "Manage the web app's administrator.",
    subcommands = {AdminCommand.Password.class})
final class AdminCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a subcommand: password");
  }

  @Command(name = "password",
      description = "Set a new administrator password (generated unless given); signs out every"
          + " browser.")
  static final class Password extends StoreCommand {

    @Option(names = "--password", description = "Use this password (at least 8 characters)",
        arity = "1")
    char[] password;

    @Override
    int run(Database db, Settings settings, Clock clock, PrintWriter out) {
      AdminAccount admin = new AdminAccount(db, clock, new SecureRandom(), System::nanoTime);
      if (password != null) {
        admin.setPassword(password);
        PasswordHash.wipe(password);
        out.println("Administrator password changed.");
      } else {
        Secret generated = admin.resetPassword();
        out.println("New administrator password (shown once): " + generated.reveal());
      }
      if (AdminAccount.forgetPasswordFile(settings.dataDir())) {
        out.println("Deleted the old " + AdminAccount.PASSWORD_FILE + ".");
      }
      return 0;
    }
  }
}
