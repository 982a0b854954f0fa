# Rollgate's GitHub Action image: the shaded jar on a small jlink'd Java 17 runtime.
# Build stage: compile and package (tests run in CI, not here).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY pipelines pipelines
RUN mvn -B -q -o package -DskipTests

# Runtime stage: only the modules the jar needs (found with `jdeps --print-module-deps`), plus TLS
# ciphers (jdk.crypto.ec), DNS (jdk.naming.dns), and the zip file system the demo reads its bundled
# files with (jdk.zipfs). --generate-cds-archive gives the base CDS archive AppCDS builds on.
# bench/runtime.sh builds this same runtime on the host and runs the jar on it (no Docker engine here).
FROM eclipse-temurin:17-jdk AS runtime
RUN jlink --add-modules java.base,java.compiler,java.desktop,java.naming,java.sql,java.management,java.logging,jdk.httpserver,jdk.unsupported,jdk.crypto.ec,jdk.naming.dns,jdk.zipfs \
      --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive --output /opt/jre

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=runtime /opt/jre /opt/jre
COPY --from=build /src/target/rollgate.jar /opt/rollgate/rollgate.jar
COPY src/main/docker/entrypoint.sh /opt/rollgate/entrypoint.sh
ENV PATH=/opt/jre/bin:$PATH
# AppCDS: one training run writes the class archive the entry point loads (about half the start-up).
RUN java -XX:ArchiveClassesAtExit=/opt/rollgate/app.jsa -jar /opt/rollgate/rollgate.jar demo >/dev/null
ENTRYPOINT ["/opt/rollgate/entrypoint.sh"]
