package org.vigilar.bench.traffic;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark's sensor messages and what is read back from them.
 *
 * <p>Each message is a contact sensor changing state, so that the appliance turns every one of
 * them into an event. Sensor {@code n} of a run is {@code <tag>-<n>}; a fresh tag per run keeps
 * the states of earlier runs (in a reused store) from swallowing the first changes. Extra JSON
 * fields travel into the event's payload: {@code bench_seq} numbers the message,
 * {@code bench_t} is its intended send time in nanoseconds since the run's epoch, and
 * {@code bench_run} names the run so foreign events are ignored.
 */
public final class BenchPayload {

  /** Topic filter that matches every benchmark topic. */
  public static final String TOPIC_FILTER = "vigilar/sensors/#";

  private static final byte[] SEQ = ascii("\"bench_seq\":");
  private static final byte[] TIME = ascii("\"bench_t\":");

  private final String tag;
  private final String[] topics;
  private final byte[] runField;

  /**
   * @param tag a short run name of letters and digits, unique per run
   * @param sensors how many distinct sensors the messages cycle through
   */
  public BenchPayload(String tag, int sensors) {
    if (!tag.matches("[a-z0-9]{1,16}")) {
      throw new IllegalArgumentException("run tag must be 1-16 letters or digits, was " + tag);
    }
    if (sensors < 1) {
      throw new IllegalArgumentException("sensors must be at least 1, was " + sensors);
    }
    this.tag = tag;
    this.topics = new String[sensors];
    for (int n = 0; n < sensors; n++) {
      topics[n] = "vigilar/sensors/" + tag + "-" + n + "/contact";
    }
    this.runField = ascii("\"bench_run\":\"" + tag + "\"");
  }

  public String tag() {
    return tag;
  }

  public int sensors() {
    return topics.length;
  }

  /** The sensor that message {@code seq} comes from. */
  public int sensorOf(long seq) {
    return (int) (seq % topics.length);
  }

  public String topic(long seq) {
    return topics[sensorOf(seq)];
  }

  /**
   * One message; {@code open} must alternate per sensor, so that each message is a change.
   *
   * @param sendNanos the intended send time, nanoseconds since the run's epoch
   */
  public byte[] payload(long seq, long sendNanos, boolean open) {
    String text = "{\"state\":\"" + (open ? "open" : "closed") + "\",\"bench_seq\":" + seq
        + ",\"bench_t\":" + sendNanos + ",\"bench_run\":\"" + tag + "\"}";
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads {@code bench_seq} and {@code bench_t} of this run from JSON text in
   * {@code buf[from, to)}, either a payload of ours or an event summary that carries one.
   *
   * @return false when the text is not a message of this run
   */
  public boolean read(byte[] buf, int from, int to, Fields out) {
    if (indexOf(buf, from, to, runField) < 0) {
      return false;
    }
    long seq = number(buf, indexOf(buf, from, to, SEQ), SEQ.length, to);
    long time = number(buf, indexOf(buf, from, to, TIME), TIME.length, to);
    if (seq < 0 || time < 0) {
      return false;
    }
    out.seq = seq;
    out.sendNanos = time;
    return true;
  }

  /**
   * The two numbers {@link #read} found. Mutable so that the receive path, which sees every
   * event, allocates nothing per event; each receiving thread owns one.
   */
  public static final class Fields {
    long seq;
    long sendNanos;

    public long seq() {
      return seq;
    }

    public long sendNanos() {
      return sendNanos;
    }
  }

  /** A non-negative decimal at {@code at + skip}, or -1 when there is none. */
  static long number(byte[] buf, int at, int skip, int to) {
    if (at < 0) {
      return -1;
    }
    int i = at + skip;
    long value = 0;
    int digits = 0;
    while (i < to && buf[i] >= '0' && buf[i] <= '9' && digits < 18) {
      value = value * 10 + (buf[i] - '0');
      i++;
      digits++;
    }
    return digits == 0 ? -1 : value;
  }

  static int indexOf(byte[] buf, int from, int to, byte[] key) {
    int last = to - key.length;
    byte first = key[0];
    outer:
    for (int i = from; i <= last; i++) {
      if (buf[i] != first) {
        continue;
      }
      for (int k = 1; k < key.length; k++) {
        if (buf[i + k] != key[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
