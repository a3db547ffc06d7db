package org.vigilar.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes the event summary of the public contract. */
public final class EventJson {

  /** ISO-8601 UTC with exactly three fraction digits, as the contract shows. */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final JsonFactory FACTORY = new JsonFactory();

  private EventJson() {
  }

  /** The summary of one event as compact JSON. */
  public static String summary(Event event) {
    StringWriter out = new StringWriter(160 + event.payloadJson().length());
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      write(gen, event);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write event " + event.id(), e);
    }
    return out.toString();
  }

  /** {@code {"events": [...], "next_before": id or null}}. */
  public static void page(Writer out, List<Event> events, Long nextBefore) throws IOException {
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      gen.writeStartObject();
      gen.writeArrayFieldStart("events");
      for (Event event : events) {
        write(gen, event);
      }
      gen.writeEndArray();
      if (nextBefore == null) {
        gen.writeNullField("next_before");
      } else {
        gen.writeNumberField("next_before", nextBefore);
      }
      gen.writeEndObject();
    }
  }

  private static void write(JsonGenerator gen, Event event) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("id", event.id());
    gen.writeStringField("ts", TIMESTAMP.format(event.ts()));
    gen.writeStringField("type", event.type());
    gen.writeStringField("severity", event.severity().wireName());
    gen.writeStringField("source_id", event.sourceId());
    gen.writeFieldName("payload");
    // The payload text was produced by our own serializer, so it is known to be valid JSON.
    gen.writeRawValue(event.payloadJson());
    gen.writeEndObject();
  }
}
