package io.coxswain.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coxswain.apiserver.api.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PATCH body types kubectl sends: {@code scale}, {@code label} and {@code annotate} use JSON merge patch
 * (RFC 7386), {@code rollout undo} and {@code kubectl patch --type=json} use JSON patch (RFC 6902).
 */
class PatchesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** RFC 7386 Appendix A, every example in order. */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":\"b\"}                 | {\"a\":\"c\"}                        | {\"a\":\"c\"}",
            "{\"a\":\"b\"}                 | {\"b\":\"c\"}                        | {\"a\":\"b\",\"b\":\"c\"}",
            "{\"a\":\"b\"}                 | {\"a\":null}                         | {}",
            "{\"a\":\"b\",\"b\":\"c\"}     | {\"a\":null}                         | {\"b\":\"c\"}",
            "{\"a\":[\"b\"]}               | {\"a\":\"c\"}                        | {\"a\":\"c\"}",
            "{\"a\":\"c\"}                 | {\"a\":[\"b\"]}                      | {\"a\":[\"b\"]}",
            "{\"a\":{\"b\":\"c\"}}         | {\"a\":{\"b\":\"d\",\"c\":null}}     | {\"a\":{\"b\":\"d\"}}",
            "{\"a\":[{\"b\":\"c\"}]}       | {\"a\":[1]}                          | {\"a\":[1]}",
            "[\"a\",\"b\"]                 | [\"c\",\"d\"]                        | [\"c\",\"d\"]",
            "{\"a\":\"b\"}                 | [\"c\"]                              | [\"c\"]",
            "{\"a\":\"foo\"}               | null                                 | null",
            "{\"a\":\"foo\"}               | \"bar\"                              | \"bar\"",
            "{\"e\":null}                  | {\"a\":1}                            | {\"e\":null,\"a\":1}",
            "[1,2]                         | {\"a\":\"b\",\"c\":null}             | {\"a\":\"b\"}",
            "{}                            | {\"a\":{\"bb\":{\"ccc\":null}}}      | {\"a\":{\"bb\":{}}}",
    })
    void mergePatchFollowsRfc7386AppendixA(String original, String patch, String result) {
        assertThat(Patches.mergePatch(json(original), json(patch))).isEqualTo(json(result));
    }

    @Test
    void kubectlScaleMergePatchChangesOnlyReplicas() {
        JsonNode deployment = json("{\"metadata\":{\"name\":\"web\",\"labels\":{\"app\":\"web\"}},"
                + "\"spec\":{\"replicas\":1,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx\"}]}}}}");

        JsonNode patched = Patches.mergePatch(deployment, json("{\"spec\":{\"replicas\":3}}"));

        assertThat(patched.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(patched.at("/spec/template")).isEqualTo(deployment.at("/spec/template"));
        assertThat(patched.at("/metadata")).isEqualTo(deployment.at("/metadata"));
    }

    @Test
    void kubectlLabelRemovalIsANullInAMergePatch() {
        JsonNode pod = json("{\"metadata\":{\"name\":\"p\",\"labels\":{\"app\":\"web\",\"track\":\"canary\"}}}");

        JsonNode patched = Patches.mergePatch(pod, json("{\"metadata\":{\"labels\":{\"track\":null,\"tier\":\"fe\"}}}"));

        assertThat(patched).isEqualTo(json("{\"metadata\":{\"name\":\"p\",\"labels\":{\"app\":\"web\",\"tier\":\"fe\"}}}"));
    }

    @Test
    void mergePatchLeavesItsInputsUnchanged() {
        JsonNode target = json("{\"a\":{\"b\":1,\"c\":2}}");
        JsonNode patch = json("{\"a\":{\"b\":null,\"d\":{\"e\":3}}}");

        Patches.mergePatch(target, patch);

        assertThat(target).isEqualTo(json("{\"a\":{\"b\":1,\"c\":2}}"));
        assertThat(patch).isEqualTo(json("{\"a\":{\"b\":null,\"d\":{\"e\":3}}}"));
    }

    /** RFC 6902 section 4 operations and the Appendix A examples that succeed. */
    @ParameterizedTest(name = "{0} with {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            // A.1 adding an object member
            "{\"foo\":\"bar\"} | [{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\"}] | {\"baz\":\"qux\",\"foo\":\"bar\"}",
            // A.2 adding an array element
            "{\"foo\":[\"bar\",\"baz\"]} | [{\"op\":\"add\",\"path\":\"/foo/1\",\"value\":\"qux\"}] | {\"foo\":[\"bar\",\"qux\",\"baz\"]}",
            // A.3 removing an object member
            "{\"baz\":\"qux\",\"foo\":\"bar\"} | [{\"op\":\"remove\",\"path\":\"/baz\"}] | {\"foo\":\"bar\"}",
            // A.4 removing an array element
            "{\"foo\":[\"bar\",\"qux\",\"baz\"]} | [{\"op\":\"remove\",\"path\":\"/foo/1\"}] | {\"foo\":[\"bar\",\"baz\"]}",
            // A.5 replacing a value
            "{\"baz\":\"qux\",\"foo\":\"bar\"} | [{\"op\":\"replace\",\"path\":\"/baz\",\"value\":\"boo\"}] | {\"baz\":\"boo\",\"foo\":\"bar\"}",
            // A.6 moving a value
            "{\"foo\":{\"bar\":\"baz\",\"waldo\":\"fred\"},\"qux\":{\"corge\":\"grault\"}} | [{\"op\":\"move\",\"from\":\"/foo/waldo\",\"path\":\"/qux/thud\"}] | {\"foo\":{\"bar\":\"baz\"},\"qux\":{\"corge\":\"grault\",\"thud\":\"fred\"}}",
            // A.8 testing a value: success
            "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]} | [{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"qux\"},{\"op\":\"test\",\"path\":\"/foo/1\",\"value\":2}] | {\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}",
            // A.10 adding a nested member object
            "{\"foo\":\"bar\"} | [{\"op\":\"add\",\"path\":\"/child\",\"value\":{\"grandchild\":{}}}] | {\"foo\":\"bar\",\"child\":{\"grandchild\":{}}}",
            // A.16 adding an array value
            "{\"foo\":[\"bar\"]} | [{\"op\":\"add\",\"path\":\"/foo/-\",\"value\":[\"abc\",\"def\"]}] | {\"foo\":[\"bar\",[\"abc\",\"def\"]]}",
            // copy
            "{\"a\":{\"b\":1}} | [{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/c\"}] | {\"a\":{\"b\":1},\"c\":{\"b\":1}}",
            // escaped path segments: ~1 is '/', as in annotation keys
            "{\"metadata\":{\"annotations\":{\"a/b\":\"x\"}}} | [{\"op\":\"replace\",\"path\":\"/metadata/annotations/a~1b\",\"value\":\"y\"}] | {\"metadata\":{\"annotations\":{\"a/b\":\"y\"}}}",
    })
    void jsonPatchAppliesRfc6902Operations(String original, String patch, String result) {
        assertThat(Patches.jsonPatch(json(original), json(patch))).isEqualTo(json(result));
    }

    @Test
    void rolloutUndoStyleJsonPatchReplacesTheTemplate() {
        JsonNode deployment = json("{\"spec\":{\"replicas\":2,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"web:2\"}]}}}}");

        JsonNode patched = Patches.jsonPatch(deployment, json("[{\"op\":\"replace\",\"path\":\"/spec/template\","
                + "\"value\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"web:1\"}]}}}]"));

        assertThat(patched.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("web:1");
        assertThat(patched.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(deployment.at("/spec/template/spec/containers/0/image").asText()).as("input unchanged").isEqualTo("web:2");
    }

    /** Patches that cannot apply: a failing test (A.9), a missing target (A.12), removal of a missing member. */
    @ParameterizedTest(name = "{0} with {1} -> 422")
    @CsvSource(delimiter = '|', value = {
            "{\"baz\":\"qux\"}    | [{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"bar\"}]",
            "{\"foo\":\"bar\"}    | [{\"op\":\"add\",\"path\":\"/baz/bat\",\"value\":\"qux\"}]",
            "{\"foo\":\"bar\"}    | [{\"op\":\"replace\",\"path\":\"/baz\",\"value\":1}]",
            "{\"foo\":[1]}        | [{\"op\":\"remove\",\"path\":\"/foo/5\"}]",
            "{\"foo\":\"bar\"}    | [{\"op\":\"move\",\"from\":\"/nope\",\"path\":\"/baz\"}]",
            "{\"foo\":\"bar\"}    | [{\"op\":\"frobnicate\",\"path\":\"/foo\"}]",
    })
    void jsonPatchThatCannotApplyIsUnprocessable(String original, String patch) {
        JsonNode target = json(original);

        assertThatThrownBy(() -> Patches.jsonPatch(target, json(patch)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.reason()).isEqualTo("Invalid");
                    assertThat(e.getMessage()).startsWith("the server rejected our request due to an error in our request: ");
                });
        assertThat(target).as("target unchanged").isEqualTo(json(original));
    }

    /**
     * RFC 6902 section 4.2: "The target location MUST exist for the operation to be successful." Kubernetes
     * (evanphx/json-patch) answers "Unable to remove nonexistent key: baz: missing value".
     */
    @Test
    void removingAMissingMemberIsUnprocessable() {
        assertThatThrownBy(() -> Patches.jsonPatch(json("{\"foo\":\"bar\"}"), json("[{\"op\":\"remove\",\"path\":\"/baz\"}]")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
    }

    @Test
    void failedTestLeavesEarlierOperationsUnapplied() {
        JsonNode target = json("{\"a\":1}");

        assertThatThrownBy(() -> Patches.jsonPatch(target, json(
                "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":2},{\"op\":\"test\",\"path\":\"/a\",\"value\":3}]")))
                .isInstanceOf(ApiException.class);
        assertThat(target).isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void jsonPatchThatIsNotAnArrayIsABadRequest() {
        assertThatThrownBy(() -> Patches.jsonPatch(json("{}"), json("{\"op\":\"add\",\"path\":\"/a\",\"value\":1}")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("the JSON patch must be an array of operations");
                });
    }
}
