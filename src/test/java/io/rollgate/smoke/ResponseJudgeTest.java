package io.rollgate.smoke;

import static io.rollgate.smoke.Checks.check;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseJudgeTest {
  private static final Duration FAST = Duration.ofMillis(20);

  @Test
  void passesAnAnswerThatMeetsEveryExpectation() {
    // Given
    var expect =
        check("status")
            .bodyContains("ok")
            .json("checks.db", "up")
            .maxLatency(Duration.ofMillis(500))
            .expect();

    // When
    List<String> reasons =
        ResponseJudge.judge(
            200, "{\"status\":\"ok\",\"checks\":{\"db\":\"up\"}}", Duration.ofMillis(500), expect);

    // Then
    assertThat(reasons).isEmpty();
  }

  @Test
  void failsAWrongStatusSayingWhatItGotAndWanted() {
    var expect = check("health").status(200).expect();

    List<String> reasons = ResponseJudge.judge(503, "unhealthy", FAST, expect);

    assertThat(reasons).containsExactly("got 503, want 200");
  }

  @Test
  void failsABodyThatLacksTheExpectedText() {
    var expect = check("health").bodyContains("ok").expect();

    List<String> reasons = ResponseJudge.judge(200, "degraded", FAST, expect);

    assertThat(reasons).containsExactly("body does not contain \"ok\"");
  }

  @Test
  void failsAJsonFieldWithAnotherValue() {
    var expect = check("status").json("checks.db", "up").expect();

    List<String> reasons = ResponseJudge.judge(200, "{\"checks\":{\"db\":\"down\"}}", FAST, expect);

    assertThat(reasons).containsExactly("JSON field checks.db is \"down\", want \"up\"");
  }

  @Test
  void failsAJsonFieldThatIsMissing() {
    var expect = check("status").json("checks.db", "up").expect();

    List<String> reasons =
        ResponseJudge.judge(200, "{\"checks\":{\"cache\":\"up\"}}", FAST, expect);

    assertThat(reasons).containsExactly("JSON field checks.db is missing, want \"up\"");
  }

  @Test
  void failsABodyThatIsNotJsonWhenAJsonFieldIsExpected() {
    var expect = check("status").json("status", "ok").expect();

    List<String> reasons = ResponseJudge.judge(200, "<html>ok</html>", FAST, expect);

    assertThat(reasons).containsExactly("body is not JSON, want field status");
  }

  @Test
  void comparesNumbersAndBooleansByTheirJsonText() {
    var expect = check("status").json("replicas.ready", "3").expect();

    assertThat(ResponseJudge.judge(200, "{\"replicas\":{\"ready\":3}}", FAST, expect)).isEmpty();
    assertThat(ResponseJudge.judge(200, "{\"replicas\":{\"ready\":2}}", FAST, expect))
        .containsExactly("JSON field replicas.ready is \"2\", want \"3\"");
  }

  @Test
  void failsAnAnswerSlowerThanMaxLatency() {
    var expect = check("health").maxLatency(Duration.ofMillis(500)).expect();

    List<String> reasons = ResponseJudge.judge(200, "ok", Duration.ofMillis(501), expect);

    assertThat(reasons).containsExactly("took 501ms, want at most 500ms");
  }

  @Test
  void listsEveryReasonInOrder() {
    var expect = check("health").bodyContains("ok").maxLatency(Duration.ofSeconds(1)).expect();

    List<String> reasons = ResponseJudge.judge(500, "boom", Duration.ofMillis(2500), expect);

    assertThat(reasons)
        .containsExactly(
            "got 500, want 200", "body does not contain \"ok\"", "took 2s500ms, want at most 1s");
  }
}
