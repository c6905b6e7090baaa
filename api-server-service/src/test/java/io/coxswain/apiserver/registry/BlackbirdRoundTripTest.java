package io.coxswain.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * Blackbird must not change what the fabric8 model reads or writes: each document decodes and encodes to the same
 * bytes with the codec's mapper as with a mapper configured by KubernetesSerialization alone (unknown fields kept in
 * additionalProperties, quantities, int-or-string, micro-times, free-form fieldsV1).
 */
class BlackbirdRoundTripTest {

    private static final ObjectMapper WITH = new ObjectCodec().mapper();
    private static final ObjectMapper WITHOUT = plain();

    private static ObjectMapper plain() {
        ObjectMapper m = new ObjectMapper();
        new KubernetesSerialization(m, true);
        return m;
    }

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of(Pod.class, """
                        {"apiVersion":"v1","kind":"Pod","zzTop":{"a":[1,2]},
                         "metadata":{"name":"p","labels":{"a":"b"},"unknownMeta":1,
                           "managedFields":[{"manager":"m","operation":"Update","fieldsType":"FieldsV1",
                             "fieldsV1":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"c\\"}":{".":{}}}}}}]},
                         "spec":{"containers":[{"name":"c","image":"i","extra":true,
                           "resources":{"limits":{"cpu":"500m","memory":"1.5Gi"},"requests":{"cpu":"1"}},
                           "ports":[{"containerPort":80,"protocol":"TCP"}],
                           "livenessProbe":{"httpGet":{"port":"http","path":"/"},"periodSeconds":3},
                           "readinessProbe":{"tcpSocket":{"port":8080}}}],
                           "volumes":[{"name":"v","emptyDir":{"sizeLimit":"1Gi"}}],
                           "overhead":{"cpu":"10m"}},
                         "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}"""),
                Arguments.of(Deployment.class, """
                        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
                         "spec":{"replicas":2,"strategy":{"type":"RollingUpdate",
                           "rollingUpdate":{"maxSurge":"25%","maxUnavailable":0}},
                           "selector":{"matchLabels":{"a":"b"}},
                           "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}"""),
                Arguments.of(Secret.class, """
                        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"type":"Opaque",
                         "data":{"k":"aGVsbG8="},"stringData":{"p":"plain"},"immutable":true}"""),
                Arguments.of(ConfigMap.class, """
                        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},
                         "data":{"k":"v"},"binaryData":{"b":"aGk="}}"""),
                Arguments.of(Service.class, """
                        {"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},
                         "spec":{"ports":[{"port":80,"targetPort":"http"},{"port":81,"targetPort":8081}],
                           "selector":{"a":"b"},"clusterIP":"10.0.0.1"}}"""),
                Arguments.of(Node.class, """
                        {"apiVersion":"v1","kind":"Node","metadata":{"name":"n"},
                         "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"},
                           "allocatable":{"cpu":"3800m"},"addresses":[{"type":"InternalIP","address":"1.2.3.4"}]}}"""),
                Arguments.of(Lease.class, """
                        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l"},
                         "spec":{"holderIdentity":"h","leaseDurationSeconds":15,
                           "acquireTime":"2024-01-01T00:00:00.000000Z","renewTime":"2024-01-01T00:00:01.123456Z",
                           "leaseTransitions":3}}"""),
                Arguments.of(Event.class, """
                        {"apiVersion":"v1","kind":"Event","metadata":{"name":"e","namespace":"default"},
                         "involvedObject":{"kind":"Pod","name":"p","apiVersion":"v1","fieldPath":"spec.containers{c}"},
                         "reason":"Pulled","message":"m","type":"Normal","count":3,
                         "firstTimestamp":"2024-01-01T00:00:00Z","lastTimestamp":"2024-01-01T00:00:05Z",
                         "eventTime":"2024-01-01T00:00:00.000000Z",
                         "series":{"count":2,"lastObservedTime":"2024-01-01T00:00:01.000000Z"},
                         "source":{"component":"kubelet","host":"n1"}}"""));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void decodesAndEncodesAsWithoutBlackbird(Class<?> type, String json) throws Exception {
        Object with = WITH.readValue(json, type);
        Object without = WITHOUT.readValue(json, type);

        assertThat(with).isEqualTo(without);
        assertThat(WITH.writeValueAsString(with)).isEqualTo(WITHOUT.writeValueAsString(without));
        assertThat(WITH.readTree(WITH.writeValueAsString(with))).isEqualTo(WITH.readTree(json));
        // a copy (read back what was written) is the same object again
        assertThat((Object) WITH.readValue(WITH.writeValueAsBytes(with), type)).isEqualTo(with);
        assertThat((Object) WITH.valueToTree(with)).isEqualTo(WITHOUT.valueToTree(without));
    }
}
