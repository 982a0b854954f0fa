package io.rollgate.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryTemplateTest {
  private static final String INJECTION = "\"} or vector(1) #";

  @Test
  void escapesAValueInsideADoubleQuotedString() throws Exception {
    String query = render("x{v=\"{{v}}\"}", INJECTION);

    assertThat(query).isEqualTo("x{v=\"\\\"} or vector(1) #\"}");
  }

  @Test
  void escapesBackslashesNewlinesAndControlCharacters() throws Exception {
    assertThat(render("x{v=\"{{v}}\"}", "a\\b\nc\rd\te\u0001f"))
        .isEqualTo("x{v=\"a\\\\b\\nc\\rd\\te\\x01f\"}");
  }

  @Test
  void escapesOnlyTheDelimitingQuoteInASingleQuotedString() throws Exception {
    assertThat(render("x{v='{{v}}'}", "it's \"x\"")).isEqualTo("x{v='it\\'s \"x\"'}");
  }

  @Test
  void escapesRegexMetacharactersInsideAMatcher() throws Exception {
    assertThat(render("x{v=~\"{{v}}\"}", "a.b*(c)|[d]-{e}^$+?"))
        .isEqualTo(
            "x{v=~\"a\\\\.b\\\\*\\\\(c\\\\)\\\\|\\\\[d\\\\]\\\\-\\\\{e\\\\}\\\\^\\\\$\\\\+\\\\?\"}");
    assertThat(render("x{v!~ '{{v}}'}", "a.b")).isEqualTo("x{v!~ 'a\\\\.b'}");
  }

  @Test
  void putsRegexEscapesLiterallyIntoARawString() throws Exception {
    assertThat(render("x{v=~`{{v}}`}", "a.b\\c")).isEqualTo("x{v=~`a\\.b\\\\c`}");
  }

  @Test
  void refusesABacktickInsideARawString() throws Exception {
    QueryTemplate template = QueryTemplate.parse("x{v=`{{v}}`}");

    assertThatThrownBy(() -> template.render(Map.of("v", "a`b")))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("backtick");
  }

  @Test
  void keepsUnicodeAsItIs() throws Exception {
    assertThat(render("x{v=\"{{v}}\"}", "ü€😀\u2028")).isEqualTo("x{v=\"ü€😀\u2028\"}");
  }

  @Test
  void acceptsOnlyNumbersDurationsAndIdentifiersBare() throws Exception {
    assertThat(render("rate(x[{{v}}])", "5m")).isEqualTo("rate(x[5m])");
    assertThat(render("x > {{v}}", "-0.5e-3")).isEqualTo("x > -0.5e-3");
    assertThat(render("sum by ({{v}}) (x)", "pod")).isEqualTo("sum by (pod) (x)");
    for (String bad : new String[] {"1) or vector(1", "a b", "x{}", "OR", "unless", "offset", ""}) {
      assertThatThrownBy(() -> render("x {{v}} y", bad))
          .as(bad)
          .isInstanceOf(TemplateException.class);
    }
  }

  @Test
  void aLongBareValueIsCheckedWithoutOverflowingTheStack() throws Exception {
    // Given values of 1.6 KB to 1 MB standing bare, as [{{WINDOW}}] does
    String duration = "1h30m".repeat(320);
    String identifier = "a".repeat(1_000_000);
    String almostDuration = "5m".repeat(100_000) + "x";

    assertThat(render("rate(x[{{v}}])", duration)).isEqualTo("rate(x[" + duration + "])");
    assertThat(render("sum by ({{v}}) (x)", identifier))
        .isEqualTo("sum by (" + identifier + ") (x)");
    assertThatThrownBy(() -> render("rate(x[{{v}}])", almostDuration))
        .isInstanceOf(TemplateException.class);
  }

  @Test
  void aBareDurationIsDigitsAndAUnitRepeated() throws Exception {
    for (String good : new String[] {"5m", "500ms", "1h30m", "2w1d", "10s5ms"}) {
      assertThat(render("rate(x[{{v}}])", good)).as(good).isEqualTo("rate(x[" + good + "])");
    }
    for (String bad : new String[] {"5mm", "5m ", "1h-30m", "5x", "1h30"}) {
      assertThatThrownBy(() -> render("rate(x[{{v}}])", bad))
          .as(bad)
          .isInstanceOf(TemplateException.class);
    }
  }

  @Test
  void refusesAPlaceholderRightAfterABackslashInAString() {
    // "\{{v}}" would let the backslash escape the value's first character: a quote could close the
    // string
    assertThatThrownBy(() -> QueryTemplate.parse("x{v=\"\\{{v}}\"}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("backslash")
        .extracting(e -> ((TemplateException) e).offset())
        .isEqualTo(5);
  }

  @Test
  void anEscapedBackslashBeforeAPlaceholderIsFine() throws Exception {
    assertThat(render("x{v=~\"\\\\{{v}}\"}", "a")).isEqualTo("x{v=~\"\\\\a\"}");
  }

  @Test
  void findsAStrayOpeningBeforeAValidPlaceholder() {
    assertThatThrownBy(() -> QueryTemplate.parse("x{a=\"{{bad-name}}\", b=\"{{ok}}\"}"))
        .isInstanceOf(TemplateException.class)
        .extracting(e -> ((TemplateException) e).offset())
        .isEqualTo(5);
  }

  @Test
  void aPlaceholderInACommentCannotEndTheComment() throws Exception {
    // the quote inside the comment opens no string, so {{b}} is known to stand in a string
    String query = render2("# for {{a}} \"\nx{v=\"{{b}}\"}", "x\nup or vector(1)", INJECTION);

    assertThat(query).isEqualTo("# for x up or vector(1) \"\nx{v=\"\\\"} or vector(1) #\"}");
  }

  @Test
  void namesAnUnknownVariableAndTheKnownOnes() throws Exception {
    QueryTemplate template = QueryTemplate.parse("x{a=\"{{ namespace }}\", b=\"{{trakc}}\"}");

    assertThatThrownBy(() -> template.render(Map.of("namespace", "n", "track", "canary")))
        .isInstanceOf(TemplateException.class)
        .hasMessage("unknown template variable '{{trakc}}'; known: [namespace, track]")
        .extracting(e -> ((TemplateException) e).offset())
        .isEqualTo(26);
  }

  @Test
  void listsItsVariablesInOrderOfFirstUse() throws Exception {
    QueryTemplate template =
        QueryTemplate.parse("a{x=\"{{track}}\"} / b{y=\"{{namespace}}\",z=\"{{track}}\"}");

    assertThat(template.variables()).containsExactly("track", "namespace");
  }

  private static String render(String template, String value) throws TemplateException {
    return QueryTemplate.parse(template).render(Map.of("v", value));
  }

  private static String render2(String template, String a, String b) throws TemplateException {
    return QueryTemplate.parse(template).render(Map.of("a", a, "b", b));
  }
}
