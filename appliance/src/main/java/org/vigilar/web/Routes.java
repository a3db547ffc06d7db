package org.vigilar.web;

import io.undertow.server.RoutingHandler;

/** A feature's HTTP routes; each feature registers its own. */
@FunctionalInterface
public interface Routes {

  /**
   * Adds routes. Handlers run on worker threads (they may block) and may throw
   * {@link BadRequest} for a client error.
   */
  void register(RoutingHandler routing);
}
