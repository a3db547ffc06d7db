package org.vigilar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.store.Database;

class AdminAccountTest {

  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @Test
  void aLoginRightAfterTheStartWaitsForThePresetPasswordToBeStored(@TempDir Path dir) {
    try (Database db = Database.open(dir.resolve("v.db"))) {
      AdminAccount first = account(db);
      first.atStart(preset("first-password-1"), dir);
      assertTrue(first.verify("first-password-1".toCharArray()));

      // A later start with another preset replaces the stored password.
      AdminAccount second = account(db);
      second.atStart(preset("second-password-2"), dir);
      assertTrue(second.verify("second-password-2".toCharArray()));
      assertFalse(second.verify("first-password-1".toCharArray()));
      assertEquals(2, second.revision());
    }
  }

  @Test
  void aGeneratedPasswordIsPrintedOnceAndWorksAtOnce(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (Database db = Database.open(dir.resolve("v.db"))) {
      AdminAccount admin = account(db);
      admin.atStart(new AdminBootstrap(null,
          new PrintStream(console, true, StandardCharsets.UTF_8)), dir);

      String password = Files.readString(dir.resolve(AdminAccount.PASSWORD_FILE)).strip();
      assertTrue(console.toString(StandardCharsets.UTF_8).contains(password));
      assertTrue(admin.verify(password.toCharArray()));

      admin.atStart(new AdminBootstrap(null, QUIET), dir);
      assertEquals(1, admin.revision(), "a later start keeps the password");
    }
  }

  @Test
  void aShortPresetStopsTheStart(@TempDir Path dir) {
    try (Database db = Database.open(dir.resolve("v.db"))) {
      assertThrows(IllegalArgumentException.class,
          () -> account(db).atStart(preset("short"), dir));
    }
  }

  private static AdminAccount account(Database db) {
    return new AdminAccount(db, Clock.systemUTC(), new SecureRandom(), System::nanoTime);
  }

  private static AdminBootstrap preset(String password) {
    return new AdminBootstrap(password.toCharArray(), QUIET);
  }
}
