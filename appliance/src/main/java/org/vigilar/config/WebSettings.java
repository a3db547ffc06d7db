package org.vigilar.config;

/**
 * The web server's listeners.
 *
 * @param httpPort plain HTTP port, 0 for any free port
 * @param httpsPort HTTPS port, 0 for any free port, -1 to disable
 */
public record WebSettings(String host, int httpPort, int httpsPort) {

  public WebSettings {
    Checks.notBlank("web.host", host);
    Checks.port("web.http_port", httpPort);
    Checks.portOrDisabled("web.https_port", httpsPort);
  }

  public static WebSettings defaults() {
    return new WebSettings("0.0.0.0", 8080, 8443);
  }

  public static WebSettings ephemeral() {
    return new WebSettings("127.0.0.1", 0, -1);
  }
}
