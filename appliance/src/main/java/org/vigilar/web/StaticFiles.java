package org.vigilar.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.MimeMappings;

/**
 * The browser app from {@code web/} on the class path (the web-ui jar).
 *
 * <p>Only that prefix is exposed, never the whole class path; Undertow canonicalises paths
 * before the lookup, so {@code ..} cannot climb out of it. Pages and the service worker are
 * revalidated on every load so an upgrade shows at once; other assets are cached briefly.
 */
final class StaticFiles implements HttpHandler {

  private static final int ASSET_CACHE_SECONDS = 300;
  /** Undertow's defaults plus the web app manifest, which they lack. */
  private static final MimeMappings TYPES = MimeMappings.builder(true)
      .addMapping("webmanifest", "application/manifest+json")
      .build();

  private final HttpHandler cached;
  private final HttpHandler revalidated;

  StaticFiles(ClassLoader loader) {
    ClassPathResourceManager resources = new ClassPathResourceManager(loader, "web");
    this.cached = new ResourceHandler(resources).setCacheTime(ASSET_CACHE_SECONDS)
        .setMimeMappings(TYPES);
    this.revalidated = new ResourceHandler(resources).setMimeMappings(TYPES);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRelativePath();
    if (path.equals("/") || path.endsWith(".html") || path.endsWith("sw.js")
        || path.endsWith(".webmanifest")) {
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
      revalidated.handleRequest(exchange);
    } else {
      cached.handleRequest(exchange);
    }
  }
}
