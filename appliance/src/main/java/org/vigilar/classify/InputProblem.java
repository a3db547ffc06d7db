package org.vigilar.classify;

/**
 * A message that cannot become an event. Thrown once per bad message, so it carries no stack
 * trace: a flood of garbage must not cost a stack walk each.
 */
public final class InputProblem extends Exception {

  private final ProblemKind kind;
  private final String sourceId;

  /**
   * @param sourceId the sensor or client the message came from, for the log line
   */
  public InputProblem(ProblemKind kind, String sourceId, String detail) {
    super(detail, null, false, false);
    this.kind = kind;
    this.sourceId = sourceId;
  }

  public ProblemKind kind() {
    return kind;
  }

  public String sourceId() {
    return sourceId;
  }
}
