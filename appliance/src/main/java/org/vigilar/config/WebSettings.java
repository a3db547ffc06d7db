package org.vigilar.config;

import java.nio.file.Path;

/**
 * The web server's listeners and TLS.
 *
 * @param httpPort plain HTTP port, 0 for any free port
 * @param httpsPort HTTPS port, 0 for any free port, -1 to disable
 * @param tlsCert the operator's certificate chain (PEM) for HTTPS and MQTT over TLS, or null to
 *     use the appliance's own CA
 * @param tlsKey the private key (PEM) of {@code tlsCert}; set exactly when it is
 * @param redirectHttp answer plain HTTP with a redirect to HTTPS instead of serving it
 */
public record WebSettings(String host, int httpPort, int httpsPort, Path tlsCert, Path tlsKey,
    boolean redirectHttp) {

  public WebSettings {
    Checks.notBlank("web.host", host);
    Checks.port("web.http_port", httpPort);
    Checks.portOrDisabled("web.https_port", httpsPort);
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new SettingsException("web.tls_cert and web.tls_key must be set together");
    }
  }

  public WebSettings(String host, int httpPort, int httpsPort) {
    this(host, httpPort, httpsPort, null, null, false);
  }

  public static WebSettings defaults() {
    return new WebSettings("0.0.0.0", 8080, 8443);
  }

  public static WebSettings ephemeral() {
    return new WebSettings("127.0.0.1", 0, -1);
  }

  public WebSettings withHttpsPort(int value) {
    return new WebSettings(host, httpPort, value, tlsCert, tlsKey, redirectHttp);
  }

  public WebSettings withTls(Path cert, Path key) {
    return new WebSettings(host, httpPort, httpsPort, cert, key, redirectHttp);
  }

  public WebSettings withRedirectHttp(boolean value) {
    return new WebSettings(host, httpPort, httpsPort, tlsCert, tlsKey, value);
  }
}
