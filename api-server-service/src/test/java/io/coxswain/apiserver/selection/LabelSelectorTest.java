package io.coxswain.apiserver.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coxswain.apiserver.api.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code labelSelector} as kubectl sends it ({@code -l}), checked against the cases of Kubernetes'
 * k8s.io/apimachinery/pkg/labels/selector_test.go (TestSelectorParse, TestSelectorMatches, TestSetMatches).
 */
class LabelSelectorTest {

    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "frontend", "env", "prod");

    static Stream<Arguments> selectorsAndWhetherTheyMatchWeb() {
        return Stream.of(
                // equality
                Arguments.of("app=web", true),
                Arguments.of("app==web", true),
                Arguments.of("app=db", false),
                Arguments.of("app!=db", true),
                Arguments.of("app!=web", false),
                Arguments.of("app=web,tier=frontend", true),
                Arguments.of("app=web,tier=backend", false),
                // a != requirement holds for objects that do not have the label at all
                Arguments.of("track!=canary", true),
                // an empty value: = needs the label present and empty; != holds when it is absent
                Arguments.of("track=", false),
                Arguments.of("track!=", true),
                Arguments.of("app!=", true),
                // set-based
                Arguments.of("env in (prod,staging)", true),
                Arguments.of("env in (staging)", false),
                Arguments.of("env notin (staging,dev)", true),
                Arguments.of("env notin (prod)", false),
                Arguments.of("track notin (canary)", true),
                Arguments.of("track in (canary)", false),
                // exists / does not exist
                Arguments.of("app", true),
                Arguments.of("track", false),
                Arguments.of("!track", true),
                Arguments.of("!app", false),
                // mixed, the form of kubectl's examples
                Arguments.of("env in (prod),tier,!track,app!=db", true),
                Arguments.of("env in (prod),tier,!app", false),
                // whitespace around operators, values and requirements is ignored
                Arguments.of(" app = web ", true),
                Arguments.of("app=web , tier = frontend", true),
                Arguments.of("env in ( prod , staging )", true),
                Arguments.of("env notin(dev)", true),
                Arguments.of("! track", true),
                Arguments.of("app != db", true));
    }

    @ParameterizedTest(name = "\"{0}\" matches app=web,tier=frontend,env=prod: {1}")
    @MethodSource("selectorsAndWhetherTheyMatchWeb")
    void selectorMatchesLabelsAsKubernetesDoes(String selector, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(WEB)).isEqualTo(expected);
    }

    /** TestSetSelectorParser and TestSelectorMatches: what parses, and what it then matches. */
    static Stream<Arguments> kubernetesParserCases() {
        return Stream.of(
                Arguments.of("\rx", Map.of("x", "a"), true),
                Arguments.of("this-is-a-dns.domain.com/key-with-dash", Map.of("this-is-a-dns.domain.com/key-with-dash", "v"), true),
                Arguments.of("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", Map.of("0.1.2.domain/99", "10.10.100.1"), false),
                Arguments.of("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", Map.of("0.1.2.domain/99", "x"), true),
                Arguments.of("foo  in\t (abc)", Map.of("foo", "abc"), true),
                Arguments.of("x notin\n (abc)", Map.of("x", "abc"), false),
                Arguments.of("x  notin\t\t(abc,def)", Map.of("x", "ghi"), true),
                Arguments.of("x notin (, a)", Map.of("x", ""), false),
                Arguments.of("x notin ( )", Map.of("x", "b"), true),
                Arguments.of("x notin (abc,def),bar,z in (),w", Map.of("bar", "1", "z", "", "w", "2"), true),
                Arguments.of("a in (x,y,notin, z,in)", Map.of("a", "in"), true),
                Arguments.of("notin=in", Map.of("notin", "in"), true),
                Arguments.of("x!=y,z!=w", Map.of("x", "z", "z", "a"), true),
                Arguments.of("x!=y,z!=w", Map.of("x", "z", "z", "w"), false),
                Arguments.of("1foo in (bar),1234", Map.of("1foo", "bar", "1234", ""), true),
                Arguments.of("a ", Map.of("a", "1"), true));
    }

    @ParameterizedTest(name = "\"{0}\" on {1}: {2}")
    @MethodSource("kubernetesParserCases")
    void parsesAndMatchesKubernetesParserCases(String selector, Map<String, String> labels, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(labels)).isEqualTo(expected);
    }

    /** TestSetSelectorParser: {@code "x in (abc,)"} is In {"abc", ""}: a trailing comma adds the empty value. */
    @Test
    void trailingCommaInASetAddsTheEmptyValue() {
        assertThat(LabelSelector.parse("x in (abc,)").matches(Map.of("x", ""))).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" -> 400")
    @ValueSource(strings = {"x nott in (y)", "a in (xyz),", "a in (xyz)b notin ()", "a in (xyz abc)", "a notin(", "a (",
            "("})
    void kubernetesParserRejectsTheseAndSoDoesThis(String selector) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    /** TestSelectorParse: "x>1", "x>1,z<5" are valid; TestSelectorMatches: "x>1" matches x=2, "x<1" matches x=0. */
    @Test
    void numericComparisonsMatchAsInKubernetes() {
        assertThat(LabelSelector.parse("x>1").matches(Map.of("x", "2"))).isTrue();
        assertThat(LabelSelector.parse("x>1").matches(Map.of("x", "0"))).isFalse();
        assertThat(LabelSelector.parse("x<1").matches(Map.of("x", "0"))).isTrue();
        assertThat(LabelSelector.parse("x>1,z<5").matches(Map.of("x", "3", "z", "4"))).isTrue();
        assertThatThrownBy(() -> LabelSelector.parse("x<a")).isInstanceOf(ApiException.class);
    }

    @Test
    void prefixedKeysAndDottedValuesAreValid() {
        LabelSelector s = LabelSelector.parse("app.kubernetes.io/name=web,app.kubernetes.io/version in (1.2.3,v2_x-y)");

        assertThat(s.matches(Map.of("app.kubernetes.io/name", "web", "app.kubernetes.io/version", "1.2.3"))).isTrue();
        assertThat(s.matches(Map.of("app.kubernetes.io/name", "web", "app.kubernetes.io/version", "1.2.4"))).isFalse();
    }

    @Test
    void emptyValueMatchesALabelWhoseValueIsEmpty() {
        assertThat(LabelSelector.parse("track=").matches(Map.of("track", ""))).isTrue();
        assertThat(LabelSelector.parse("track in ()").matches(Map.of("track", ""))).isTrue();
    }

    @Test
    void objectsWithoutLabelsMatchOnlyNegativeRequirements() {
        assertThat(LabelSelector.parse("!app,track notin (a),x!=y").matches(null)).isTrue();
        assertThat(LabelSelector.parse("app").matches(null)).isFalse();
        assertThat(LabelSelector.parse("app=web").matches(Map.of())).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\" selects everything")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "   "})
    void blankSelectorSelectsEverything(String selector) {
        LabelSelector s = LabelSelector.parse(selector);

        assertThat(s.isEverything()).isTrue();
        assertThat(s.matches(null)).isTrue();
        assertThat(s.matches(WEB)).isTrue();
    }

    @Test
    void aParsedRequirementIsNotEverything() {
        assertThat(LabelSelector.parse("app").isEverything()).isFalse();
    }

    @Test
    void equalitiesFromMatchLabelsRequireEveryPair() {
        LabelSelector s = LabelSelector.ofEqualities(Map.of("app", "web", "tier", "frontend"));

        assertThat(s.matches(WEB)).isTrue();
        assertThat(s.matches(Map.of("app", "web"))).isFalse();
        assertThat(LabelSelector.ofEqualities(Map.of()).isEverything()).isTrue();
    }

    static Stream<Arguments> malformedSelectors() {
        return Stream.of(
                Arguments.of("x=a||y=b", "invalid label value: \"a||y=b\""),
                Arguments.of("x==a==b", "invalid label value: \"a==b\""),
                Arguments.of("!x=a", "invalid label key \"x=a\""),
                Arguments.of("x in (a", "expected a parenthesised set of values"),
                Arguments.of("x in a", "expected a parenthesised set of values"),
                Arguments.of("x foo (a)", "unknown operator in \"x foo (a)\""),
                Arguments.of("x=a,", "empty requirement"),
                Arguments.of("x=a,,y=b", "empty requirement"),
                Arguments.of(",", "empty requirement"),
                Arguments.of("=a", "invalid label key \"=a\""),
                Arguments.of("-x=a", "invalid label key \"-x\""),
                Arguments.of("Example.com/x=a", "invalid label key \"Example.com/x\""),
                Arguments.of("example.com/=a", "invalid label key \"example.com/\""),
                Arguments.of("x=-a", "invalid label value: \"-a\""),
                Arguments.of("x=a b", "invalid label value: \"a b\""),
                Arguments.of("x in (a,b c)", "invalid label value: \"b c\""),
                Arguments.of("x=" + "v".repeat(64), "invalid label value: \"" + "v".repeat(64) + "\""));
    }

    @ParameterizedTest(name = "\"{0}\" -> 400 {1}")
    @MethodSource("malformedSelectors")
    void malformedSelectorIsABadRequestNamingTheProblem(String selector, String problem) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("BadRequest");
                    assertThat(e.getMessage())
                            .startsWith("unable to parse requirement: ")
                            .contains(problem)
                            .endsWith("(labelSelector=\"" + selector + "\")");
                    assertThat(e.status().getCode()).isEqualTo(400);
                    assertThat(e.status().getMessage()).isEqualTo(e.getMessage());
                });
    }

    @Test
    void valueOfExactly63CharactersIsValid() {
        String value = "v".repeat(63);

        assertThat(LabelSelector.parse("x=" + value).matches(Map.of("x", value))).isTrue();
    }

    /**
     * Kubernetes validates selector keys as qualified names: the name part has at most 63 characters
     * (k8s.io/apimachinery/pkg/util/validation IsQualifiedName), so {@code kubectl get pods -l <64 chars>=a} is a 400.
     */
    @Test
    void keyWhoseNamePartIsLongerThan63CharactersIsABadRequest() {
        String key = "k".repeat(64);

        assertThatThrownBy(() -> LabelSelector.parse(key + "=a"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }
}
