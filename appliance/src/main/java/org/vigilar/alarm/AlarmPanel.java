package org.vigilar.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigilar.classify.SeverityPolicy;
import org.vigilar.config.AlarmSettings;
import org.vigilar.events.Event;
import org.vigilar.events.EventDraft;
import org.vigilar.events.EventJson;
import org.vigilar.sensors.SensorDirectory;
import org.vigilar.sensors.SensorProfile;
import org.vigilar.sensors.SensorRole;

/**
 * The alarm panel's state machine: arm modes, exit and entry delays, triggering.
 *
 * <p>Every input is a method call with the time taken from the injected clock, and every
 * output is a list of events to commit: there are no threads here, so tests drive it with a
 * controllable clock. Delays end when {@link #tick} runs at or after {@link #nextDeadline()}.
 *
 * <p>Not thread-safe: the appliance calls it only on the event processor's thread.
 */
public final class AlarmPanel {

  private static final Logger log = LoggerFactory.getLogger(AlarmPanel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String SOURCE_ID = "alarm";

  private final AlarmSettings settings;
  private final SensorDirectory sensors;
  private final SeverityPolicy severity;
  private final AlarmView view;
  private final Clock clock;
  private final FalseAlarmFilter filter = new FalseAlarmFilter();
  private final Set<String> openContacts = new HashSet<>();
  private PanelStatus status;

  /**
   * @param view receives every change; its status at construction is the state to resume
   * @param openContacts contacts that were open when the appliance stopped
   */
  public AlarmPanel(AlarmSettings settings, SensorDirectory sensors, SeverityPolicy severity,
      AlarmView view, Set<String> openContacts, Clock clock) {
    this.settings = settings;
    this.sensors = sensors;
    this.severity = severity;
    this.view = view;
    this.clock = clock;
    this.status = view.status();
    this.openContacts.addAll(openContacts);
    openContacts.forEach(id -> view.contactChanged(id, true));
  }

  public PanelStatus status() {
    return status;
  }

  /**
   * Changes the mode, as a user, a keypad or the app asks.
   *
   * @param events receives the events of the change
   */
  public ArmResult request(ArmRequest request, List<EventDraft> events) {
    ArmMode target = request.mode();
    PanelState state = status.state();
    if ((state == PanelState.PENDING || state == PanelState.TRIGGERED) && target.isArmed()) {
      return new ArmResult.Refused("the alarm is " + state.wireName() + "; disarm it first");
    }
    if (target == ArmMode.DISARMED) {
      if (state != PanelState.DISARMED || status.mode() != ArmMode.DISARMED) {
        change(ArmMode.DISARMED, PanelState.DISARMED, null, Set.of(), null, request.actor(),
            events);
      }
      filter.reset();
      return new ArmResult.Accepted(status);
    }
    if (target == status.mode()
        && (state == PanelState.ARMING || state == PanelState.settled(target))) {
      return new ArmResult.Accepted(status);
    }

    List<String> blocking = view.blocking(target, request.bypass());
    if (!blocking.isEmpty()) {
      return new ArmResult.Blocked(blocking);
    }
    filter.reset();
    Duration exit = settings.exitDelay(target);
    if (exit.isZero()) {
      change(target, PanelState.settled(target), null, request.bypass(), null, request.actor(),
          events);
    } else {
      change(target, PanelState.ARMING, clock.instant().plus(exit), request.bypass(), null,
          request.actor(), events);
    }
    return new ArmResult.Accepted(status);
  }

  /** Reacts to a committed event: contacts opening and closing, activations. */
  public void onEvent(Event event, List<EventDraft> events) {
    if (event.type().equals("contact_open")) {
      trackContact(event.sourceId(), true);
    } else if (event.type().equals("contact_closed")) {
      trackContact(event.sourceId(), false);
    }
    Activation activation = Activation.of(event);
    if (activation == null) {
      return;
    }
    sensors.noteKindIfAbsent(activation.sourceId(), activation.kind());
    SensorProfile profile = sensors.profile(activation.sourceId());
    if (profile.role() == SensorRole.MONITOR) {
      return;
    }
    if (activation.lifeSafety() || profile.role() == SensorRole.ALWAYS) {
      trigger(activation.sourceId(), activation.type(), Actor.sensor(activation.sourceId()),
          events);
      return;
    }
    if (counts(activation.sourceId(), profile.role()) && filter.admit(activation, profile)) {
      activate(activation, profile.role(), events);
    }
  }

  /**
   * Ends delays that ran out and confirms activations that stayed active long enough.
   *
   * @param states whether sensor channels are still active now
   */
  public void tick(ActiveStates states, List<EventDraft> events) {
    Instant now = clock.instant();
    if (status.state() == PanelState.ARMING && !now.isBefore(status.until())) {
      exitEnds(events);
    }
    if (status.state() == PanelState.PENDING && !now.isBefore(status.until())) {
      String cause = status.cause() == null ? SOURCE_ID : status.cause();
      trigger(cause, "entry_delay_expired", Actor.TIMER, events);
    }
    for (Activation activation : filter.confirm(now, states)) {
      SensorRole role = sensors.role(activation.sourceId());
      if (counts(activation.sourceId(), role)) {
        activate(activation, role, events);
      }
    }
  }

  /** When {@link #tick} has something to do next, if ever. */
  public Optional<Instant> nextDeadline() {
    Instant delay = status.state() == PanelState.ARMING || status.state() == PanelState.PENDING
        ? status.until() : null;
    Instant due = filter.nextDue();
    if (delay == null || due != null && due.isBefore(delay)) {
      return Optional.ofNullable(due);
    }
    return Optional.of(delay);
  }

  /** True when an intrusion activation of this sensor matters in the current state. */
  private boolean counts(String sourceId, SensorRole role) {
    PanelState state = status.state();
    if (!state.isSettledArmed() && state != PanelState.PENDING) {
      return false;
    }
    return settings.armedRoles(status.mode()).contains(role)
        && !status.bypass().contains(sourceId);
  }

  private void activate(Activation activation, SensorRole role, List<EventDraft> events) {
    String source = activation.sourceId();
    if (status.state() == PanelState.PENDING) {
      // Whoever came in walks past interior sensors to the keypad; a window is another matter.
      if (role == SensorRole.PERIMETER) {
        trigger(source, activation.type(), Actor.sensor(source), events);
      }
      return;
    }
    if (role == SensorRole.ENTRY && !settings.entryDelay().isZero()) {
      change(status.mode(), PanelState.PENDING, clock.instant().plus(settings.entryDelay()),
          status.bypass(), source, Actor.sensor(source), events);
    } else {
      trigger(source, activation.type(), Actor.sensor(source), events);
    }
  }

  private void exitEnds(List<EventDraft> events) {
    filter.reset();
    List<String> open = view.blocking(status.mode(), status.bypass());
    if (open.isEmpty()) {
      change(status.mode(), PanelState.settled(status.mode()), null, status.bypass(), null,
          Actor.TIMER, events);
    } else if (settings.entryDelay().isZero()) {
      trigger(open.get(0), "contact_open", Actor.TIMER, events);
    } else {
      // A door left open when the exit delay ends: the house is not closed, so count down.
      change(status.mode(), PanelState.PENDING, clock.instant().plus(settings.entryDelay()),
          status.bypass(), open.get(0), Actor.TIMER, events);
    }
  }

  private void trigger(String source, String cause, Actor actor, List<EventDraft> events) {
    if (status.state() == PanelState.TRIGGERED) {
      return;
    }
    change(status.mode(), PanelState.TRIGGERED, null, status.bypass(), source, actor, events);
    SensorProfile profile = sensors.profile(source);
    ObjectNode body = JSON.createObjectNode()
        .put("mode", status.mode().wireName())
        .put("sensor", source)
        .put("name", profile.name())
        .put("zone", profile.zone())
        .put("cause", cause);
    events.add(new EventDraft(status.changedAt(), "alarm_triggered",
        severity.severity("alarm_triggered", true, source), source, text(body)));
    log.warn("Alarm triggered in {} by {} ({})", status.mode().wireName(), source, cause);
  }

  private void change(ArmMode mode, PanelState state, Instant until, Set<String> bypass,
      String cause, Actor actor, List<EventDraft> events) {
    PanelStatus previous = status;
    Instant now = clock.instant();
    status = new PanelStatus(mode, state, until, bypass, cause, now, actor);
    view.update(status);

    ObjectNode body = JSON.createObjectNode()
        .put("state", state.wireName())
        .put("mode", mode.wireName())
        .put("previous", previous.state().wireName())
        .put("until", until == null ? null : EventJson.TIMESTAMP.format(until))
        .put("by", actor.kind())
        .put("actor", actor.id());
    ArrayNode bypassed = body.putArray("bypass");
    bypass.stream().sorted().forEach(bypassed::add);
    body.put("cause", cause);
    events.add(new EventDraft(now, "alarm_state", severity.alarmState(state.wireName()),
        SOURCE_ID, text(body)));
    log.info("Alarm {} -> {} (mode {}) by {} {}", previous.state().wireName(), state.wireName(),
        mode.wireName(), actor.kind(), actor.id());
  }

  private void trackContact(String sourceId, boolean open) {
    boolean changed = open ? openContacts.add(sourceId) : openContacts.remove(sourceId);
    if (changed) {
      view.contactChanged(sourceId, open);
    }
  }

  private static String text(ObjectNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an alarm event", e);
    }
  }
}
