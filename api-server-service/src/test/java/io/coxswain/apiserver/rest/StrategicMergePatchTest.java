package io.coxswain.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coxswain.apiserver.api.ApiException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * Strategic merge patch as {@code kubectl apply} (2nd time), {@code rollout restart}, {@code set image} and
 * {@code kubectl patch} send it, with the merge semantics of Kubernetes' patchStrategy/patchMergeKey struct tags
 * (k8s.io/apimachinery/pkg/util/strategicpatch). Patch bodies marked "kubectl" are the ones recorded in
 * docs/kubectl-wire-protocol.md section 1 (#9, #12).
 */
class StrategicMergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The merge keys of a list's elements, in order. */
    private static List<String> keys(JsonNode list, String mergeKey) {
        List<String> keys = new ArrayList<>();
        list.forEach(item -> keys.add(item.get(mergeKey).asText()));
        return keys;
    }

    private static JsonNode patch(String original, String patch) {
        return StrategicMergePatch.apply(json(original), json(patch));
    }

    /** A Deployment as stored after {@code kubectl apply} of a manifest with one nginx container. */
    private static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"default","labels":{"app":"web","tier":"fe"},
               "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}\\n","team":"a"},
               "finalizers":["a.example.com/x","b.example.com/y"]},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
               "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
               "template":{"metadata":{"labels":{"app":"web"}},
                 "spec":{"containers":[
                   {"name":"nginx","image":"nginx:1.27","command":["nginx","-g","daemon off;"],
                    "env":[{"name":"MODE","value":"one"},{"name":"LEVEL","value":"info"}],
                    "ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}]},
                   {"name":"log","image":"busybox:1.36","args":["tail","-f","/var/log/x"]}],
                  "tolerations":[{"key":"a","operator":"Exists","effect":"NoSchedule"},
                                 {"key":"b","operator":"Exists","effect":"NoExecute"}]}}}}
            """;

    @Test
    void kubectlApplyPatchMergesContainersAndEnvByName() {
        // kubectl apply (2nd time, changed): image and one env value changed
        JsonNode result = patch(DEPLOYMENT, """
                {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"new\\":1}\\n"}},
                 "spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"log"}],
                   "containers":[{"$setElementOrder/env":[{"name":"MODE"},{"name":"LEVEL"}],
                     "env":[{"name":"MODE","value":"two"}],"image":"nginx:1.28","name":"nginx"}]}}}}
                """);

        JsonNode nginx = result.at("/spec/template/spec/containers/0");
        assertThat(nginx.get("name").asText()).isEqualTo("nginx");
        assertThat(nginx.get("image").asText()).isEqualTo("nginx:1.28");
        assertThat(nginx.get("env")).isEqualTo(json("[{\"name\":\"MODE\",\"value\":\"two\"},{\"name\":\"LEVEL\",\"value\":\"info\"}]"));
        assertThat(nginx.get("command")).isEqualTo(json("[\"nginx\",\"-g\",\"daemon off;\"]"));
        assertThat(nginx.get("ports")).hasSize(2);
        assertThat(result.at("/spec/template/spec/containers/1")).isEqualTo(json(
                "{\"name\":\"log\",\"image\":\"busybox:1.36\",\"args\":[\"tail\",\"-f\",\"/var/log/x\"]}"));
        assertThat(result.at("/metadata/annotations")).isEqualTo(json(
                "{\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"new\\\":1}\\n\",\"team\":\"a\"}"));
        assertThat(result.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(result.at("/spec/template/spec/tolerations")).hasSize(2);
    }

    @Test
    void kubectlRolloutRestartAddsAnAnnotationToTheTemplate() {
        JsonNode result = patch(DEPLOYMENT, """
                {"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-25T22:01:27Z"}}}}}
                """);

        assertThat(result.at("/spec/template/metadata")).isEqualTo(json("""
                {"labels":{"app":"web"},"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-25T22:01:27Z"}}"""));
        assertThat(result.at("/spec/template/spec")).isEqualTo(json(DEPLOYMENT).at("/spec/template/spec"));
    }

    @Test
    void newContainerIsAddedAndSetElementOrderPlacesIt() {
        JsonNode result = patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"init"},{"name":"nginx"},{"name":"log"}],
                  "containers":[{"name":"init","image":"busybox:1"}]}}}}
                """);

        assertThat(keys(result.at("/spec/template/spec/containers"), "name"))
                .containsExactly("init", "nginx", "log");
    }

    /**
     * mergePatchIntoOriginal: with {@code $setElementOrder/containers} and no {@code containers} in the patch, the live
     * list is taken and sorted by the directive (kubectl apply sends this when only the order in the manifest changed).
     */
    @Test
    void setElementOrderReordersExistingElements() {
        JsonNode result = patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"log"},{"name":"nginx"}]}}}}
                """);

        assertThat(keys(result.at("/spec/template/spec/containers"), "name")).containsExactly("log", "nginx");
        assertThat(result.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("nginx:1.27");
    }

    @Test
    void patchDeleteRemovesOneListElementByItsMergeKey() {
        JsonNode result = patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],
                  "containers":[{"$patch":"delete","name":"log"}]}}}}
                """);

        assertThat(keys(result.at("/spec/template/spec/containers"), "name")).containsExactly("nginx");
        assertThat(result.at("/spec/template/spec/containers/0/env")).hasSize(2);
    }

    @Test
    void envVariableIsDeletedByName() {
        JsonNode result = patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"$patch":"delete","name":"MODE"}]}]}}}}
                """);

        assertThat(result.at("/spec/template/spec/containers/0/env"))
                .isEqualTo(json("[{\"name\":\"LEVEL\",\"value\":\"info\"}]"));
    }

    /** ContainerPort: {@code patchMergeKey:"containerPort" patchStrategy:"merge"}; kubectl deletes one with $patch. */
    @Test
    void containerPortsMergeByContainerPort() {
        JsonNode added = patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{"containers":[{"name":"nginx",
                  "ports":[{"containerPort":8080,"protocol":"TCP"}]}]}}}}
                """);
        JsonNode deleted = patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{"containers":[{"name":"nginx",
                  "$setElementOrder/ports":[{"containerPort":443}],"ports":[{"$patch":"delete","containerPort":80}]}]}}}}
                """);

        assertThat(keys(added.at("/spec/template/spec/containers/0/ports"), "containerPort"))
                .containsExactly("80", "443", "8080");
        assertThat(deleted.at("/spec/template/spec/containers/0/ports"))
                .isEqualTo(json("[{\"containerPort\":443,\"protocol\":\"TCP\"}]"));
    }

    /** ServicePort: {@code patchMergeKey:"port" patchStrategy:"merge"}; section 1 #9 "{"$patch":"delete","port":80}". */
    @Test
    void servicePortIsDeletedByPortAsKubectlApplySendsIt() {
        String service = """
                {"kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},
                 "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080},
                          {"name":"https","port":443,"protocol":"TCP","targetPort":8443}]}}
                """;

        JsonNode result = patch(service, """
                {"spec":{"$setElementOrder/ports":[{"port":443}],"ports":[{"$patch":"delete","port":80}]}}
                """);

        assertThat(result.at("/spec/ports"))
                .isEqualTo(json("[{\"name\":\"https\",\"port\":443,\"protocol\":\"TCP\",\"targetPort\":8443}]"));
    }

    @Test
    void patchReplaceReplacesAWholeMap() {
        JsonNode result = patch(DEPLOYMENT, """
                {"metadata":{"labels":{"$patch":"replace","app":"web2"}}}
                """);

        assertThat(result.at("/metadata/labels")).isEqualTo(json("{\"app\":\"web2\"}"));
        assertThat(result.at("/metadata/annotations/team").asText()).isEqualTo("a");
    }

    @Test
    void patchDeleteOfAMapRemovesIt() {
        JsonNode result = patch(DEPLOYMENT, """
                {"spec":{"strategy":{"rollingUpdate":{"$patch":"delete"}}}}
                """);

        assertThat(result.at("/spec/strategy")).isEqualTo(json("{\"type\":\"RollingUpdate\"}"));
    }

    @Test
    void nullDeletesAKey() {
        JsonNode result = patch(DEPLOYMENT, """
                {"metadata":{"labels":{"tier":null},"annotations":{"absent":null}},"spec":{"replicas":null}}
                """);

        assertThat(result.at("/metadata/labels")).isEqualTo(json("{\"app\":\"web\"}"));
        assertThat(result.at("/metadata/annotations").has("absent")).isFalse();
        assertThat(result.at("/spec").has("replicas")).isFalse();
    }

    @Test
    void deleteFromPrimitiveListRemovesFinalizers() {
        JsonNode result = patch(DEPLOYMENT, """
                {"metadata":{"$deleteFromPrimitiveList/finalizers":["a.example.com/x"]}}
                """);

        assertThat(result.at("/metadata/finalizers")).isEqualTo(json("[\"b.example.com/y\"]"));
    }

    /** ObjectMeta.Finalizers is {@code patchStrategy:"merge"}: a patch adds to the set instead of replacing it. */
    @Test
    void finalizersMergeAsASet() {
        JsonNode result = patch(DEPLOYMENT, """
                {"metadata":{"finalizers":["c.example.com/z","a.example.com/x"]}}
                """);

        assertThat(result.at("/metadata/finalizers"))
                .isEqualTo(json("[\"a.example.com/x\",\"b.example.com/y\",\"c.example.com/z\"]"));
    }

    /** DeploymentStrategy is {@code patchStrategy:"retainKeys"}: switching to Recreate drops rollingUpdate. */
    @Test
    void retainKeysOnStrategyDropsTheOtherKeys() {
        JsonNode result = patch(DEPLOYMENT, """
                {"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}
                """);

        assertThat(result.at("/spec/strategy")).isEqualTo(json("{\"type\":\"Recreate\"}"));
    }

    @Test
    void listsWithoutAMergeKeyAreReplacedWhole() {
        JsonNode result = patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{"containers":[{"name":"nginx","command":["nginx"]},
                                                           {"name":"log","args":["sleep","1"]}],
                  "tolerations":[{"key":"c","operator":"Exists","effect":"NoSchedule"}]}}}}
                """);

        assertThat(result.at("/spec/template/spec/containers/0/command")).isEqualTo(json("[\"nginx\"]"));
        assertThat(result.at("/spec/template/spec/containers/1/args")).isEqualTo(json("[\"sleep\",\"1\"]"));
        assertThat(result.at("/spec/template/spec/tolerations"))
                .isEqualTo(json("[{\"key\":\"c\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]"));
    }

    /** NodeSpec.Taints has no patch strategy (atomic): {@code kubectl patch node} with a taint list replaces them. */
    @Test
    void readinessGatesAreReplacedWhole() {
        String pod = """
                {"kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}],
                 "readinessGates":[{"conditionType":"a.example.com/x"},{"conditionType":"b.example.com/y"}]}}
                """;

        JsonNode result = patch(pod, "{\"spec\":{\"readinessGates\":[{\"conditionType\":\"b.example.com/y\"}]}}");

        assertThat(result.at("/spec/readinessGates")).isEqualTo(json("[{\"conditionType\":\"b.example.com/y\"}]"));
    }

    @Test
    void originalIsNotModified() {
        JsonNode original = json(DEPLOYMENT);

        StrategicMergePatch.apply(original, json("{\"spec\":{\"replicas\":5,\"template\":{\"spec\":{\"containers\":"
                + "[{\"name\":\"nginx\",\"image\":\"nginx:2\"}]}}}}"));

        assertThat(original).isEqualTo(json(DEPLOYMENT));
    }

    @Test
    void listElementWithoutItsMergeKeyIsABadRequest() {
        assertThatThrownBy(() -> patch(DEPLOYMENT, """
                {"spec":{"template":{"spec":{"containers":[{"image":"nginx:2"}]}}}}
                """)).isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("does not contain declared merge key: name");
                });
    }

    @Test
    void unknownPatchDirectiveIsABadRequest() {
        assertThatThrownBy(() -> patch(DEPLOYMENT, "{\"metadata\":{\"labels\":{\"$patch\":\"frobnicate\"}}}"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void patchThatIsNotAnObjectIsABadRequest() {
        assertThatThrownBy(() -> patch(DEPLOYMENT, "[1]"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }
}
