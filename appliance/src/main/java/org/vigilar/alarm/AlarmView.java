package org.vigilar.alarm;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vigilar.config.AlarmSettings;
import org.vigilar.sensors.SensorDirectory;
import org.vigilar.sensors.SensorRole;

/**
 * The panel's state as other threads may read it: the web, and the severity policy.
 *
 * <p>Only the panel writes it; each read sees one consistent status.
 */
public final class AlarmView {

  private static final Set<SensorRole> BLOCKING_ROLES =
      Set.of(SensorRole.ENTRY, SensorRole.PERIMETER);

  private final AlarmSettings settings;
  private final SensorDirectory sensors;
  private volatile PanelStatus status;
  /** Updated one contact at a time: copying the whole set on every change costs O(sensors). */
  private final Set<String> openContacts = ConcurrentHashMap.newKeySet();

  public AlarmView(AlarmSettings settings, SensorDirectory sensors, PanelStatus initial) {
    this.settings = settings;
    this.sensors = sensors;
    this.status = initial;
  }

  public PanelStatus status() {
    return status;
  }

  /** A snapshot of the contacts that are open now. */
  public Set<String> openContacts() {
    return Set.copyOf(openContacts);
  }

  /** The mode in force: disarmed while the exit delay runs. */
  public ArmMode effectiveMode() {
    return status.effectiveMode();
  }

  /** True when the mode in force is armed and {@code sourceId} would trigger in it. */
  public boolean isArmed(String sourceId) {
    PanelStatus s = status;
    ArmMode mode = s.effectiveMode();
    if (!mode.isArmed()) {
      return false;
    }
    SensorRole role = sensors.role(sourceId);
    if (role == SensorRole.ALWAYS) {
      return true;
    }
    return settings.armedRoles(mode).contains(role) && !s.bypass().contains(sourceId);
  }

  /** Open entry and perimeter contacts that keep {@code mode} from arming, sorted. */
  public List<String> blocking(ArmMode mode, Set<String> bypass) {
    Set<SensorRole> armed = settings.armedRoles(mode);
    return openContacts.stream()
        .filter(id -> !bypass.contains(id))
        .filter(id -> {
          SensorRole role = sensors.role(id);
          return BLOCKING_ROLES.contains(role) && armed.contains(role);
        })
        .sorted()
        .toList();
  }

  void update(PanelStatus value) {
    status = value;
  }

  void contactChanged(String sourceId, boolean open) {
    if (open) {
      openContacts.add(sourceId);
    } else {
      openContacts.remove(sourceId);
    }
  }
}
