package org.vigilar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The sign-in, devices and phone setup views in a real browser (skipped without Chromium). */
class SecurityUiTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir
  Path dir;

  private SecurityFixture fixture;
  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "Chromium and ChromeDriver are needed for the browser tests");
    fixture = SecurityFixture.start(dir, s -> s.withWeb(s.web().withHttpsPort(0)));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--window-size=1200,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort()
        .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void signInManageDevicesAndSignOut() throws Exception {
    browser.get(fixture.base() + "/");
    WebElement password = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.id("login-password")));
    assertFalse(browser.findElement(By.id("timeline")).isDisplayed());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("https-banner")));

    password.sendKeys("wrong-password");
    browser.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));

    password.clear();
    password.sendKeys(SecurityFixture.ADMIN_PASSWORD);
    browser.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logout-button")));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("login-view")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("live-indicator")));
    wait.until(ExpectedConditions.attributeToBe(By.id("live-indicator"), "data-state", "live"));

    browser.findElement(By.cssSelector("a[data-view='devices']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("add-device-id")))
        .sendKeys("ui-door");
    browser.findElement(By.id("add-device-kind")).sendKeys("contact");
    browser.findElement(By.id("add-device-button")).click();
    WebElement secret = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.id("secret-password")));
    String devicePassword = secret.getText();
    assertEquals(24, devicePassword.length());
    wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("tr[data-device-id='ui-door']")));

    MqttClient door = fixture.connect("ui-door-1", "ui-door", devicePassword.toCharArray());
    assertTrue(door.isConnected());

    browser.findElement(By.id("secret-done")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-panel")));
    assertFalse(browser.getPageSource().contains(devicePassword));

    browser.findElement(By.cssSelector("a[data-view='setup']")).click();
    wait.until(ExpectedConditions.textMatches(By.id("ca-fingerprint"),
        Pattern.compile("([0-9A-F]{2}:){31}[0-9A-F]{2}")));
    String httpsLink = browser.findElement(By.id("setup-https")).getAttribute("href");
    assertTrue(httpsLink.startsWith("https://127.0.0.1:" + fixture.appliance.httpsPort()),
        httpsLink);

    browser.findElement(By.id("logout-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-password")));
    assertEquals(401, fixture.get("/api/session", null).statusCode());

    assertNoBrowserProblems();
  }

  @Test
  void beforeSignInTheBannerLeadsToPhoneSetupWithTheCa() {
    browser.get(fixture.base() + "/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-password")));
    WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.id("https-banner")));
    String httpsLink = browser.findElement(By.id("https-link")).getAttribute("href");
    assertTrue(httpsLink.startsWith("https://127.0.0.1:" + fixture.appliance.httpsPort()),
        httpsLink);

    banner.findElement(By.cssSelector("a[href='#setup']")).click();

    wait.until(ExpectedConditions.textMatches(By.id("ca-fingerprint"),
        Pattern.compile("([0-9A-F]{2}:){31}[0-9A-F]{2}")));
    assertTrue(browser.findElement(By.id("ca-download")).isDisplayed());
    assertTrue(browser.findElement(By.id("login-password")).isDisplayed());
    assertNoBrowserProblems();
  }

  private void assertNoBrowserProblems() {
    List<String> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> !m.contains("401") && !m.contains("favicon"))
        .toList();
    assertTrue(problems.isEmpty(), "browser console: " + problems);
  }
}
