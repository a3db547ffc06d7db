package org.vigilar.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigilar.alarm.ApplianceFixture.publish;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigilar.config.AlarmSettings;
import org.vigilar.config.SensorSettings;
import org.vigilar.config.Settings;
import org.vigilar.testing.TestAppliance;

/**
 * The arm panel and the sensors page in a real browser, following the live stream. Skipped
 * where Chromium and ChromeDriver are not installed.
 */
class AlarmBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  private ApplianceFixture box;
  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium and ChromeDriver are needed for the browser tests");
    box = ApplianceFixture.start(Settings.defaults(dir)
        .withAlarm(new AlarmSettings(Duration.ofSeconds(2), Duration.ofSeconds(30)))
        .withSensors(Map.of(
            "front-door", new SensorSettings("Front door", "contact", "hall", "entry"),
            "back-window", new SensorSettings("Back window", "contact", "kitchen",
                "perimeter"))));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--window-size=1000,900");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, WAIT);
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (box != null) {
      box.close();
    }
  }

  @Test
  void armPanelBlocksOnOpenSensorsBypassesCountsDownAndDisarms() throws Exception {
    MqttClient house = box.device("house");
    browser.get(url("/alarm.html"));
    signIn();
    waitForText(By.id("panel-state"), "Disarmed");
    waitForText(By.id("live-indicator-text"), "Live");

    publish(house, "vigilar/sensors/back-window/contact", "open");
    waitForText(By.id("open-list"), "Back window (kitchen)");

    click("armed_away");
    waitForText(By.id("panel-message"), "Cannot arm: Back window (kitchen) open");
    assertEquals("Disarmed", text(By.id("panel-state")));

    browser.findElement(By.cssSelector("#open-list input[value='back-window']")).click();
    click("armed_away");
    waitForText(By.id("panel-state"), "Arming");
    assertTrue(text(By.id("panel-countdown")).startsWith("Leave now:"));
    waitForText(By.id("panel-state"), "Armed away");
    waitForText(By.id("bypass-list"), "back-window");

    publish(house, "vigilar/sensors/front-door/contact", "open");
    waitForText(By.id("panel-state"), "Entry delay");
    assertTrue(text(By.id("panel-countdown")).startsWith("Disarm now:"));
    assertTrue(browser.findElement(By.cssSelector("[data-mode='armed_home']")).getAttribute(
        "disabled") != null, "only disarming is possible while the entry delay runs");

    click("disarmed");
    waitForText(By.id("panel-state"), "Disarmed");
  }

  @Test
  void sensorsPageShowsTheRegistryAndSavesEdits() throws Exception {
    MqttClient house = box.device("house");
    publish(house, "vigilar/sensors/front-door/contact", "closed");
    publish(house, "vigilar/sensors/front-door/battery", "{\"level\": 87}");
    browser.get(url("/sensors.html"));
    signIn();
    By frontDoor = By.xpath("//tr[th//span[text()='Front door']]");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(frontDoor, "87%"));
    String row = text(frontDoor);
    assertTrue(row.contains("hall") && row.contains("Entry") && row.contains("just now"), row);

    browser.findElement(By.cssSelector("button[aria-label='Edit Front door']")).click();
    WebElement zone = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#edit-form input[name='zone']")));
    zone.clear();
    zone.sendKeys("porch");
    browser.findElement(By.id("edit-save")).click();

    wait.until(ExpectedConditions.textToBePresentInElementLocated(frontDoor, "porch"));
    assertEquals("porch", box.get("/api/sensors/front-door").body().get("zone").asText());
  }

  @Test
  void pagesAskForTheSignInAndLinkToEachOther() {
    browser.get(url("/sensors.html"));
    WebElement password = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.id("login-password")));
    assertFalse(browser.findElement(By.cssSelector("main.content")).isDisplayed());
    assertFalse(browser.findElement(By.id("main-nav")).isDisplayed());
    password.sendKeys("wrong-password");
    browser.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
    assertTrue(browser.findElement(By.id("login-view")).isDisplayed());

    signIn();
    browser.findElement(By.cssSelector("#main-nav a[href='alarm.html']")).click();
    // The session cookie serves the next page: no second sign-in.
    waitForText(By.id("panel-state"), "Disarmed");
    assertFalse(browser.findElement(By.id("login-view")).isDisplayed());
    assertEquals("page", browser.findElement(By.cssSelector("#main-nav a[href='alarm.html']"))
        .getAttribute("aria-current"));
    browser.findElement(By.cssSelector("#main-nav a[href='index.html#timeline']")).click();
    waitForText(By.id("empty"), "No events yet");
    assertFalse(browser.findElement(By.id("login-view")).isDisplayed());
    browser.findElement(By.cssSelector("#main-nav a[href='sensors.html']")).click();
    wait.until(ExpectedConditions.urlContains("/sensors.html"));
    assertFalse(browser.findElement(By.id("login-view")).isDisplayed());
  }

  /** Signs in through the page's form, as on the timeline page. */
  private void signIn() {
    WebElement password = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.id("login-password")));
    password.clear();
    password.sendKeys(TestAppliance.ADMIN_PASSWORD);
    browser.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("login-view")));
  }

  private void click(String mode) {
    browser.findElement(By.cssSelector(".mode-button[data-mode='" + mode + "']")).click();
  }

  private void waitForText(By locator, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
  }

  private String text(By locator) {
    return browser.findElement(locator).getText();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + box.appliance.httpPort() + path;
  }
}
