package org.vigilar;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vigilar.config.Settings;
import org.vigilar.devices.Device;
import org.vigilar.devices.DeviceStore;
import org.vigilar.devices.Devices;
import org.vigilar.devices.NewCredential;
import org.vigilar.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigilar device add|list|remove|reset}: MQTT credentials of the devices. */
@Command(name = "device", description = "Manage the MQTT credentials of devices.",
    subcommands = {DeviceCommand.Add.class, DeviceCommand.ListDevices.class,
        DeviceCommand.Remove.class, DeviceCommand.Reset.class})
final class DeviceCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a subcommand: add, list, remove, reset");
  }

  private static Devices devices(Database db, Clock clock) {
    return new Devices(new DeviceStore(db), clock, new SecureRandom());
  }

  private static void printCredential(PrintWriter out, NewCredential credential,
      boolean generated) {
    out.println("MQTT user name: " + credential.deviceId());
    if (generated) {
      out.println("MQTT password:  " + credential.password().reveal());
      out.println("The password is shown only now: put it into the device's settings.");
    } else {
      out.println("MQTT password:  the one given with --password");
    }
  }

  @Command(name = "add", description = "Create credentials for a device; prints its password.")
  static final class Add extends StoreCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Device id, also its MQTT user name")
    String id;

    @Option(names = "--kind", description = "What it is: contact, motion, camera, ...")
    String kind;

    @Option(names = "--zone", description = "Where it is")
    String zone;

    @Option(names = "--password", description = "Use this password instead of a generated one",
        arity = "1")
    char[] password;

    @Option(names = "--publish", paramLabel = "FILTER",
        description = "Also allow publishing on this topic filter (repeatable)")
    List<String> publish = new ArrayList<>();

    @Override
    int run(Database db, Settings settings, Clock clock, PrintWriter out) {
      NewCredential credential = devices(db, clock).add(
          new Devices.Spec(id, kind, zone, password, publish));
      out.println("Device " + credential.deviceId() + " added.");
      printCredential(out, credential, password == null);
      return 0;
    }
  }

  @Command(name = "list", description = "List the devices.")
  static final class ListDevices extends StoreCommand {

    @Override
    int run(Database db, Settings settings, Clock clock, PrintWriter out) {
      List<Device> all = devices(db, clock).list();
      if (all.isEmpty()) {
        out.println("No devices yet; add one with: vigilar device add ID");
        return 0;
      }
      String format = "%-24s %-10s %-12s %-24s %s%n";
      out.printf(format, "ID", "KIND", "ZONE", "LAST CONNECTED", "ALSO PUBLISHES");
      for (Device device : all) {
        out.printf(format, device.id(), dash(device.kind()), dash(device.zone()),
            device.lastConnected() == null ? "never" : device.lastConnected().toString(),
            device.grants().isEmpty() ? "-" : String.join(" ", device.grants()));
      }
      return 0;
    }

    private static String dash(String value) {
      return value == null ? "-" : value;
    }
  }

  @Command(name = "remove", description = "Remove a device; it is disconnected.")
  static final class Remove extends StoreCommand {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    int run(Database db, Settings settings, Clock clock, PrintWriter out) {
      if (!devices(db, clock).remove(id)) {
        spec.commandLine().getErr().println("vigilar: no device '" + id + "'");
        return 1;
      }
      out.println("Device " + id + " removed.");
      return 0;
    }
  }

  @Command(name = "reset", description = "Give a device a new password; prints it.")
  static final class Reset extends StoreCommand {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--password", description = "Use this password instead of a generated one",
        arity = "1")
    char[] password;

    @Override
    int run(Database db, Settings settings, Clock clock, PrintWriter out) {
      Optional<NewCredential> credential = devices(db, clock).reset(id, password);
      if (credential.isEmpty()) {
        spec.commandLine().getErr().println("vigilar: no device '" + id + "'");
        return 1;
      }
      out.println("Device " + id + " has a new password.");
      printCredential(out, credential.get(), password == null);
      return 0;
    }
  }
}
