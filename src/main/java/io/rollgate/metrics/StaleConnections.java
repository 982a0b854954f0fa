package io.rollgate.metrics;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled connection the server closed after its last answer without saying so (an HTTP/1.0-style
 * server, a proxy that answers and hangs up) is dead: the next request on it fails before it
 * reaches the server. With OkHttp's own retry off (the named Retry is the one policy), every such
 * failure would spend an attempt of the budget on nothing. Here, a request that fails on a
 * connection that already carried an answer is sent again on a fresh one, after the idle
 * connections are evicted; only a failure of a fresh connection, or any answer, reaches the Retry.
 * A timeout is never taken for a dead connection: the server may just be slow.
 */
final class StaleConnections {
  private static final Logger LOG = LoggerFactory.getLogger(StaleConnections.class);

  private final ConnectionPool pool;
  private final int maxReconnects;
  private final Set<Connection> answered =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  /**
   * @param maxReconnects how many dead pooled connections one request may meet (the pool's size:
   *     each is evicted once met)
   */
  StaleConnections(ConnectionPool pool, int maxReconnects) {
    this.pool = pool;
    this.maxReconnects = maxReconnects;
  }

  /** Application interceptor: sends the request again when its connection turned out dead. */
  Interceptor reconnecting() {
    return chain -> {
      for (int reconnects = 0; ; reconnects++) {
        try {
          return chain.proceed(chain.request());
        } catch (DeadConnectionException e) {
          if (reconnects >= maxReconnects || chain.call().isCanceled()) {
            throw e.failure();
          }
          LOG.debug(
              "prometheus: a pooled connection was closed by the server ({}); reconnecting, not"
                  + " counted as an attempt",
              e.failure().toString());
          pool.evictAll();
        }
      }
    };
  }

  /** Network interceptor: tells a failure on a connection that answered before from the rest. */
  Interceptor watching() {
    return chain -> {
      Connection connection = chain.connection();
      boolean reused = connection != null && answered.contains(connection);
      try {
        Response response = chain.proceed(chain.request());
        if (connection != null) {
          answered.add(connection);
        }
        return response;
      } catch (IOException e) {
        if (reused && !(e instanceof InterruptedIOException)) {
          throw new DeadConnectionException(e);
        }
        throw e;
      }
    };
  }

  /** The request never reached a live server: its pooled connection was closed. */
  private static final class DeadConnectionException extends IOException {
    DeadConnectionException(IOException failure) {
      super("pooled connection closed by the server", failure);
    }

    IOException failure() {
      return (IOException) getCause();
    }
  }
}
