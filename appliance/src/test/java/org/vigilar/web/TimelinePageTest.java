package org.vigilar.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.vigilar.config.Settings;
import org.vigilar.testing.Await;
import org.vigilar.testing.MqttTestClient;
import org.vigilar.testing.TestAppliance;
import org.vigilar.testing.StoredEvent;

/** The timeline page in a real headless Chromium against a real appliance. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimelinePageTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Far from UTC, so a local time cannot pass for the raw timestamp. */
  private static final ZoneId BROWSER_ZONE = ZoneId.of("America/New_York");
  private static final UnaryOperator<Settings> QUIET =
      TestAppliance.monitorOnly("kitchen-smoke", "keypad");

  @TempDir
  Path dataDir;

  private ChromeDriverService service;
  private WebDriver driver;
  private TestAppliance app;

  @BeforeAll
  void startBrowser(@TempDir Path profile) throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium or chromedriver missing at /usr/bin; install chromium and chromium-driver");
    // A driver given explicitly: Selenium Manager must never download one.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .withEnvironment(Map.of("TZ", BROWSER_ZONE.getId()))
        .build();
    service.start();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--lang=en-US", "--user-data-dir=" + profile);
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  void stopAll() {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (service != null) {
        service.stop();
      }
      if (app != null) {
        app.close();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  private List<WebElement> rows() {
    return driver.findElements(By.cssSelector("ol#timeline > li.event"));
  }

  private List<Long> rowIds() {
    return rows().stream().map(r -> Long.parseLong(r.getAttribute("data-event-id"))).toList();
  }

  private String indicator() {
    return driver.findElement(By.id("live-indicator")).getAttribute("data-state");
  }

  private WebElement awaitRow(long id) {
    return Await.value("row of event " + id + " in the page", () -> driver.findElements(
        By.cssSelector("li.event[data-event-id='" + id + "']")).stream().findFirst()
        .map(Optional::of).orElse(Optional.empty()));
  }

  /** Signs in through the page's form; the session cookie then serves every window. */
  private void signIn() {
    WebElement password = Await.value("the sign-in form", () -> driver.findElements(
        By.id("login-password")).stream().filter(WebElement::isDisplayed).findFirst());
    password.sendKeys(TestAppliance.ADMIN_PASSWORD);
    driver.findElement(By.id("login-button")).click();
    Await.until("the sign-in form to close",
        () -> !driver.findElement(By.id("login-view")).isDisplayed());
  }

  private void awaitIndicator(String state) {
    Await.until("the live indicator to show " + state, () -> state.equals(indicator()));
  }

  private static String text(WebElement row, String selector) {
    return row.findElement(By.cssSelector(selector)).getText();
  }

  private void assertRow(StoredEvent event, String label, String severity) {
    WebElement row = awaitRow(event.id());
    assertEquals(event.type(), row.getAttribute("data-type"));
    assertEquals(label, text(row, ".event-label"));
    assertEquals(event.sourceId(), text(row, ".event-source"));
    assertEquals(severity, text(row, ".event-badge"));
    WebElement time = row.findElement(By.cssSelector("time.event-time"));
    Instant ts = Instant.ofEpochMilli(event.tsMillis());
    assertEquals(ts, Instant.parse(time.getAttribute("datetime")));
    String shown = time.getText();
    String localClock = DateTimeFormatter.ofPattern("h:mm:ss", Locale.US)
        .format(ts.atZone(BROWSER_ZONE));
    assertTrue(shown.contains(localClock), shown + " shows the local time " + localClock);
  }

  private void assertNewestFirst() {
    List<Long> ids = rowIds();
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(ids.get(i - 1) > ids.get(i), "newest first: " + ids);
    }
  }

  @Test
  void timelineShowsHistoryThenLiveEventsAndCatchesUpAfterARestart() throws Exception {
    int port = freePort();
    // Smoke and panic would set the alarm off and add its events to the rows counted here.
    app = TestAppliance.start(dataDir, port, QUIET);
    try (MqttTestClient device = app.device()) {
      device.publish("vigilar/sensors/front-door/contact", "open");
      device.publish("vigilar/sensors/hall-motion/motion", "on");
      device.publish("vigilar/sensors/kitchen-smoke/smoke", "on");
    }
    StoredEvent smoke = app.awaitStored("kitchen-smoke", "smoke");

    // Sign in, then history, newest first, then live.
    driver.get("http://127.0.0.1:" + port + "/");
    signIn();
    Await.until("three history rows", () -> rows().size() == 3);
    assertNewestFirst();
    assertEquals(smoke.id(), rowIds().get(0));
    assertRow(app.awaitStored("front-door", "contact_open"), "Door opened", "Info");
    assertRow(smoke, "Smoke", "Critical");
    awaitIndicator("live");
    String firstWindow = driver.getWindowHandle();

    // A live event appears at the top without a reload.
    try (MqttTestClient device = app.device()) {
      device.publish("vigilar/sensors/keypad/panic", "on");
    }
    StoredEvent panic = app.awaitStored("keypad", "panic");
    assertRow(panic, "Panic", "Critical");
    assertEquals(panic.id(), rowIds().get(0));
    assertEquals(4, rows().size());

    // A second page that has only seen history, never a live event.
    driver.switchTo().newWindow(WindowType.WINDOW);
    String secondWindow = driver.getWindowHandle();
    driver.get("http://127.0.0.1:" + port + "/");
    Await.until("four history rows", () -> rows().size() == 4);
    awaitIndicator("live");

    // The server goes away. While its port is closed, an event is made on the same data
    // directory by an appliance on other ports; then the server comes back on its port.
    app.close();
    awaitIndicator("reconnecting");
    driver.switchTo().window(firstWindow);
    awaitIndicator("reconnecting");
    StoredEvent glass;
    try (TestAppliance meanwhile = TestAppliance.start(dataDir);
        MqttTestClient device = meanwhile.device()) {
      device.publish("vigilar/sensors/garage/glass", "on");
      glass = meanwhile.awaitStored("garage", "glass_break");
    }
    assertEquals("reconnecting", indicator());
    app = TestAppliance.start(dataDir, port, QUIET);

    // Each page reconnects by itself and catches up on what it missed.
    for (String window : List.of(firstWindow, secondWindow)) {
      driver.switchTo().window(window);
      assertRow(glass, "Glass break", "Info");
      awaitIndicator("live");
      assertNewestFirst();
      assertEquals(5, rows().size());
    }

    // And live events flow again.
    try (MqttTestClient device = app.device()) {
      device.publish("vigilar/cameras/porch/object", "{\"label\":\"person\",\"score\":0.9}");
    }
    StoredEvent person = app.awaitStored("porch", "person_detected");
    for (String window : List.of(firstWindow, secondWindow)) {
      driver.switchTo().window(window);
      assertRow(person, "Person detected", "Info");
      assertEquals(6, rows().size());
    }
  }
}
