package io.rollgate.bench;

import io.rollgate.sandbox.SandboxApiServer;
import io.rollgate.sandbox.SandboxApp;
import io.rollgate.sandbox.SimulatedController;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * For bench/staging.sh: keeps a sandbox cluster (API, simulated controller, sample app) running in
 * its own JVM, so a separate, cold `java -jar rollgate.jar run` can be timed against it from launch
 * to its first API call. Writes a kubeconfig and the app's URL into the folder given, then serves
 * until its standard input closes.
 */
public final class SandboxServerMain {
  private SandboxServerMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    try (SandboxApiServer api = SandboxApiServer.start();
        SimulatedController controller =
            SimulatedController.start(api.client(), Duration.ofMillis(20));
        SandboxApp app = SandboxApp.start("bench")) {
      String kubeconfig =
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters: [{name: sandbox, cluster: {server: '" + api.url() + "'}}]",
              "users: [{name: sandbox, user: {token: sandbox}}]",
              "contexts: [{name: sandbox, context: {cluster: sandbox, user: sandbox}}]",
              "current-context: sandbox",
              "");
      Files.writeString(dir.resolve("kubeconfig"), kubeconfig, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("app-url"), app.baseUri().toString(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("ready"), "ready", StandardCharsets.UTF_8);
      while (System.in.read() >= 0) {
        // serve until the bench closes our standard input
      }
    }
  }
}
