package io.rollgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that pass a field's type but cannot work later (an empty port, a URL an HTTP client
 * refuses, a NUL in a path, the pipeline file among its own manifests) are bad input at their
 * place, never a crash of the run that uses them.
 */
class PipelineValuesTest {
  @TempDir Path dir;

  private Path pipeline(String stagingExtra) throws IOException {
    write("m/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n");
    return write(
        "pipeline.yaml",
        """
        apiVersion: rollgate.io/v1alpha1
        kind: Pipeline
        metadata: {name: demo}
        spec:
          staging:
            namespace: demo-staging
            manifests: [m]
        %s"""
            .formatted(stagingExtra));
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private List<String> problems(Path pipeline) {
    InvalidPipelineException e =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () -> new PipelineLoader(Map.of()).load(pipeline, Map.of(), Optional.empty()));
    assertThat(e).as("expected the pipeline to be invalid").isNotNull();
    return e.problems().stream().map(p -> p.toString().replace(dir + "/", "")).toList();
  }

  @Test
  void anEmptyUrlOrPortIsAnErrorNotACheckOfNothing() throws IOException {
    Path file =
        pipeline(
            """
                smoke:
                  - {name: a, url: ~}
                  - {name: b, url: ''}
                  - {name: c, service: {name: web, port: ~}}
            """);

    assertThat(problems(file))
        .containsExactly(
            "pipeline.yaml:9:24: spec.staging.smoke[0].url: must be an http:// or https:// URL,"
                + " was empty",
            "pipeline.yaml:10:24: spec.staging.smoke[1].url: must be an http:// or https:// URL,"
                + " was empty",
            "pipeline.yaml:11:46: spec.staging.smoke[2].service.port: must be a port number"
                + " 1..65535, was empty");
  }

  @Test
  void aUrlOrPathAnHttpClientWouldRefuseIsAnError() throws IOException {
    Path file =
        pipeline(
            """
                smoke:
                  - {name: a, url: 'http://exa mple.com'}
                  - {name: b, url: 'https://example.com:99999/'}
                  - {name: c, url: 'https:///health'}
                  - {name: d, service: {name: web, port: 80}, path: '/he alth'}
            """);

    assertThat(problems(file))
        .containsExactly(
            "pipeline.yaml:9:24: spec.staging.smoke[0].url: must be an http:// or https:// URL"
                + " (scheme://host[:port][/path]): Illegal character in authority",
            "pipeline.yaml:10:24: spec.staging.smoke[1].url: must be an http:// or https:// URL"
                + " (scheme://host[:port][/path]): the port must be 1..65535",
            "pipeline.yaml:11:24: spec.staging.smoke[2].url: must be an http:// or https:// URL"
                + " (scheme://host[:port][/path]): no host name (letters, digits, '-' and '.')",
            "pipeline.yaml:12:57: spec.staging.smoke[3].path: must be a URL path (no spaces or"
                + " control characters), was '/he alth'");
  }

  @Test
  void headersAreHttpTokensWithPrintableAsciiValuesEachOnce() throws IOException {
    Path file =
        pipeline(
            """
                smoke:
                  - name: a
                    url: https://example.com
                    headers: {'X Bad': v, X-Token: "s3cr\\u00e9t", x-token: again, X-Empty: ~}
            """);

    List<String> problems = problems(file);

    assertThat(problems)
        .containsExactly(
            "pipeline.yaml:11:19: spec.staging.smoke[0].headers: 'X Bad' is not an HTTP header"
                + " name",
            "pipeline.yaml:11:40: spec.staging.smoke[0].headers.X-Token: a header value must be"
                + " printable ASCII",
            "pipeline.yaml:11:55: spec.staging.smoke[0].headers.x-token: duplicate header",
            "pipeline.yaml:11:80: spec.staging.smoke[0].headers.X-Empty: a header needs a value");
    assertThat(String.join("\n", problems)).doesNotContain("s3cr");
  }

  @Test
  void aNulInAPathIsAControlCharacterNotACrash() throws IOException {
    Path file = pipeline("");
    Files.writeString(file, Files.readString(file).replace("[m]", "[\"m\\0x\"]"));

    assertThat(problems(file))
        .containsExactly(
            "pipeline.yaml:7:17: spec.staging.manifests[0]: control character U+0000 in a value");
  }

  @Test
  void aFolderOfManifestsNeverYieldsThePipelineFileItself() throws IOException {
    // Given a pipeline that sits in the folder it names, with a second pipeline beside it
    Path file = pipeline("");
    Files.writeString(file, Files.readString(file).replace("[m]", "[.]"));
    write(
        "other.yaml",
        "apiVersion: rollgate.io/v1alpha1\nkind: Pipeline\nmetadata: {name: other}\nspec: {}\n");

    assertThat(problems(file))
        .containsExactly("other.yaml:1:1: a Rollgate Pipeline, not a Kubernetes object to apply");
  }

  @Test
  void thePipelineFileNamedAsAManifestIsAnError() throws IOException {
    Path file = pipeline("");
    Files.writeString(file, Files.readString(file).replace("[m]", "[pipeline.yaml]"));

    assertThat(problems(file))
        .containsExactly(
            "pipeline.yaml:7:17: spec.staging.manifests[0]: is the pipeline file itself");
  }

  @Test
  void aBinaryManifestOrAFolderAsPipelineSaysSoInWords() throws IOException {
    Path file = pipeline("");
    Files.write(dir.resolve("m/blob.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});

    assertThat(problems(file))
        .containsExactly("m/blob.yaml:1:1: cannot read manifest: not UTF-8 text (a binary file?)");
    assertThat(problems(dir.resolve("m")))
        .containsExactly("m:1:1: is a folder; give the pipeline file (a .yaml file)");
  }
}
