package org.vigilar.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The push rules in force, kept in the store and read from memory on every event. */
final class RuleBook {

  private static final Logger log = LoggerFactory.getLogger(RuleBook.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PushState state;
  private volatile PushRules current;

  RuleBook(PushState state) {
    this.state = state;
    this.current = state.get(PushState.RULES).map(RuleBook::parse).orElse(PushRules.defaults());
  }

  PushRules get() {
    return current;
  }

  /**
   * Applies a change and stores the result.
   *
   * @throws IllegalArgumentException naming the first wrong field
   */
  synchronized PushRules update(JsonNode change) {
    PushRules next = PushRules.fromJson(change, current);
    state.put(PushState.RULES, next.toJson().toString());
    current = next;
    return next;
  }

  private static PushRules parse(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return PushRules.fromJson(node, PushRules.defaults());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      log.warn("Stored push rules are unreadable ({}); using the defaults", e.getMessage());
      return PushRules.defaults();
    }
  }
}
