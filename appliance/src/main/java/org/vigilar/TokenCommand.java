package org.vigilar;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.vigilar.config.Settings;
import org.vigilar.security.ApiTokens;
import org.vigilar.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigilar token add|list|remove}: API tokens for integrations. */
@Command(name = "token", description = "Manage API tokens (Authorization: Bearer ...).",
    subcommands = {TokenCommand.Add.class, TokenCommand.ListTokens.class,
        TokenCommand.Remove.class})
final class TokenCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a subcommand: add, list, remove");
  }

  private static ApiTokens tokens(Database db, Clock clock) {
    return new ApiTokens(db, clock, new SecureRandom());
  }

  @Command(name = "add", description = "Create a token; prints it once.")
  static final class Add extends StoreCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "Who uses it, e.g. home-assistant")
    String name;

    @Override
    int run(Database db, Settings settings, Clock clock, PrintWriter out) {
      String token = tokens(db, clock).add(name).reveal();
      out.println("Token " + name + " (shown once): " + token);
      out.println("Send it as the header: Authorization: Bearer " + token);
      return 0;
    }
  }

  @Command(name = "list", description = "List the tokens (not their secrets).")
  static final class ListTokens extends StoreCommand {

    @Override
    int run(Database db, Settings settings, Clock clock, PrintWriter out) {
      List<ApiTokens.ApiToken> all = tokens(db, clock).list();
      if (all.isEmpty()) {
        out.println("No tokens yet; add one with: vigilar token add NAME");
        return 0;
      }
      String format = "%-24s %-26s %s%n";
      out.printf(format, "NAME", "CREATED", "LAST USED");
      for (ApiTokens.ApiToken token : all) {
        out.printf(format, token.name(), token.createdAt(),
            token.lastUsed() == null ? "never" : token.lastUsed().toString());
      }
      return 0;
    }
  }

  @Command(name = "remove", description = "Revoke a token.")
  static final class Remove extends StoreCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(Database db, Settings settings, Clock clock, PrintWriter out) {
      if (!tokens(db, clock).remove(name)) {
        spec.commandLine().getErr().println("vigilar: no token '" + name + "'");
        return 1;
      }
      out.println("Token " + name + " revoked.");
      return 0;
    }
  }
}
