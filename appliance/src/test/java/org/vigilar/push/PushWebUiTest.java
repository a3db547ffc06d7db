package org.vigilar.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigilar.Appliance;
import org.vigilar.config.MqttSettings;
import org.vigilar.config.Settings;
import org.vigilar.config.WebSettings;

/** The files that make the app installable and push-capable are served as browsers need. */
class PushWebUiTest {

  @TempDir
  Path dir;

  private Appliance appliance;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() {
    appliance = Appliance.start(Settings.defaults(dir).withMqtt(MqttSettings.ephemeral())
        .withWeb(WebSettings.ephemeral()), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    appliance.close();
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + appliance.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String type(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  @Test
  void serviceWorkerIsServedFromTheRootAndRevalidated() throws Exception {
    HttpResponse<byte[]> sw = get("/sw.js");

    assertEquals(200, sw.statusCode());
    assertTrue(type(sw).startsWith("application/javascript"), type(sw));
    assertEquals("no-cache", sw.headers().firstValue("Cache-Control").orElse(""));
    String text = new String(sw.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.contains("event.waitUntil(showAlert(event.data))"));
    assertTrue(text.contains("notificationclick"));
  }

  @Test
  void manifestNamesTheAppAndItsIconsWhichExistInTheirSizes() throws Exception {
    HttpResponse<byte[]> manifest = get("/manifest.webmanifest");

    assertEquals(200, manifest.statusCode());
    assertEquals("application/manifest+json", type(manifest));
    JsonNode json = new ObjectMapper().readTree(manifest.body());
    assertEquals("standalone", json.get("display").asText());
    assertEquals(2, json.get("icons").size());
    for (JsonNode icon : json.get("icons")) {
      HttpResponse<byte[]> png = get("/" + icon.get("src").asText());
      assertEquals(200, png.statusCode(), icon.toString());
      assertEquals("image/png", type(png));
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
      assertEquals(icon.get("sizes").asText(), image.getWidth() + "x" + image.getHeight());
    }
  }

  @Test
  void pageLinksTheManifestAndScriptsWithoutInlineCode() throws Exception {
    String page = new String(get("/").body(), java.nio.charset.StandardCharsets.UTF_8);

    assertTrue(page.contains("<link rel=\"manifest\" href=\"manifest.webmanifest\">"));
    assertTrue(page.contains("<script src=\"push.js\" defer></script>"));
    assertTrue(page.contains("<script src=\"app.js\" defer></script>"), "timeline still there");
    assertFalse(page.matches("(?s).*<script>.*"), "no inline script");
    assertFalse(page.contains("style=\""), "no inline style");
    assertEquals(200, get("/push.js").statusCode());
    assertEquals(200, get("/alerts.css").statusCode());
  }
}
