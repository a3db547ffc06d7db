package org.vigilar.alarm;

import java.util.Objects;
import java.util.Set;

/**
 * A request to change the mode.
 *
 * @param bypass sensors to ignore for this arming, even when open
 */
public record ArmRequest(ArmMode mode, Set<String> bypass, Actor actor) {

  public ArmRequest {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(actor, "actor");
    bypass = Set.copyOf(bypass);
  }
}
