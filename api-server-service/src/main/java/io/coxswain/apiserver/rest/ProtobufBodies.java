package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.resource.ResourceType;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Autoscaling;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes Kubernetes protobuf request bodies ({@code application/vnd.kubernetes.protobuf}), which kubectl 1.32 and
 * later send for {@code kubectl create namespace|deployment|service|configmap|secret}, into the JSON tree the same
 * object has in Kubernetes' JSON form, so that the rest of the request path (kind check, field validation, admission)
 * is the JSON one.
 *
 * <p>The wire form is the magic {@code k8s\0} followed by a {@code runtime.Unknown} whose {@code raw} field holds the
 * kind's message from Kubernetes' {@code generated.proto} (the classes of {@code io.kubernetes:client-java-proto},
 * Kubernetes 1.32). The message is read as a {@link DynamicMessage} against those descriptors and converted field by
 * field. The conversion follows Go's {@code encoding/json} on the Kubernetes structs, which protobuf's own
 * {@code JsonFormat} does not: {@code Time} becomes an RFC 3339 string, {@code IntOrString} a number or a string,
 * {@code Quantity} its string, bytes base64, inlined Go structs ({@code Volume.volumeSource}, {@code Probe.handler})
 * are flattened, and zero values that Go's {@code omitempty} drops are dropped.
 *
 * <p>The one thing the descriptors cannot tell is whether a Go field is a pointer: Go's protobuf marshaller writes
 * every non-pointer scalar, zero or not, so a present {@code 0}/{@code false}/{@code ""} usually means "unset". Zero
 * scalars are therefore dropped, except for the fields in {@link #POINTER_SCALARS}, which are pointers in the
 * Kubernetes types and whose zero is a real value ({@code replicas: 0}, {@code automountServiceAccountToken: false}).
 */
final class ProtobufBodies {

    /** The media type that selects this decoder. */
    static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /** Go API group/version to the proto file holding its kinds. */
    private static final Map<String, FileDescriptor> FILES = Map.of(
            "v1", V1.getDescriptor(),
            "apps/v1", V1Apps.getDescriptor(),
            "autoscaling/v1", V1Autoscaling.getDescriptor());

    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final String TIME = META + "Time";
    private static final String MICRO_TIME = META + "MicroTime";
    private static final String DURATION = META + "Duration";
    private static final String FIELDS_V1 = META + "FieldsV1";
    private static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
    private static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    private static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";

    /** Fields that Go embeds with {@code json:",inline"}: message full name + "." + field name. */
    private static final Set<String> INLINE = Set.of(
            "k8s.io.api.core.v1.Volume.volumeSource",
            "k8s.io.api.core.v1.Probe.handler",
            "k8s.io.api.core.v1.EphemeralContainer.ephemeralContainerCommon",
            "k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource");

    private static final String CORE = "k8s.io.api.core.v1.";
    private static final String APPS = "k8s.io.api.apps.v1.";

    /**
     * Scalars that are pointers in the Kubernetes 1.32 Go types of the kinds served (message full name + "." + field),
     * so that an explicit zero is kept: {@code replicas: 0} must not become "unset, default 1".
     */
    static final Set<String> POINTER_SCALARS = Set.of(
            APPS + "DeploymentSpec.replicas", APPS + "DeploymentSpec.revisionHistoryLimit",
            APPS + "DeploymentSpec.progressDeadlineSeconds", APPS + "ReplicaSetSpec.replicas",
            CORE + "PodSpec.terminationGracePeriodSeconds", CORE + "PodSpec.activeDeadlineSeconds",
            CORE + "PodSpec.automountServiceAccountToken", CORE + "PodSpec.enableServiceLinks",
            CORE + "PodSpec.hostUsers", CORE + "PodSpec.setHostnameAsFQDN", CORE + "PodSpec.shareProcessNamespace",
            CORE + "PodSpec.priority", CORE + "Probe.terminationGracePeriodSeconds",
            CORE + "PodSecurityContext.runAsUser", CORE + "PodSecurityContext.runAsGroup",
            CORE + "PodSecurityContext.runAsNonRoot", CORE + "PodSecurityContext.fsGroup",
            CORE + "SecurityContext.runAsUser", CORE + "SecurityContext.runAsGroup",
            CORE + "SecurityContext.runAsNonRoot", CORE + "SecurityContext.privileged",
            CORE + "SecurityContext.readOnlyRootFilesystem", CORE + "SecurityContext.allowPrivilegeEscalation",
            CORE + "SecretVolumeSource.defaultMode", CORE + "ConfigMapVolumeSource.defaultMode",
            CORE + "ProjectedVolumeSource.defaultMode", CORE + "DownwardAPIVolumeSource.defaultMode",
            CORE + "KeyToPath.mode", CORE + "DownwardAPIVolumeFile.mode",
            CORE + "ServiceAccountTokenProjection.expirationSeconds",
            CORE + "ConfigMapKeySelector.optional", CORE + "SecretKeySelector.optional",
            CORE + "ConfigMapEnvSource.optional", CORE + "SecretEnvSource.optional",
            CORE + "ConfigMapVolumeSource.optional", CORE + "SecretVolumeSource.optional",
            CORE + "ConfigMapProjection.optional", CORE + "SecretProjection.optional",
            CORE + "ConfigMap.immutable", CORE + "Secret.immutable",
            CORE + "ServiceSpec.allocateLoadBalancerNodePorts", CORE + "ContainerStatus.started");

    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Reads the JSON held by RawExtension and FieldsV1; a thread-safe, never reconfigured reader. */
    private static final ObjectMapper RAW_JSON = new ObjectMapper();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProtobufBodies() {
    }

    /**
     * Decodes a protobuf body for {@code type}. The result carries {@code kind} and {@code apiVersion} from the
     * envelope, so the caller's kind check sees what the client sent.
     *
     * @throws ApiException 400 when the body is not a Kubernetes protobuf envelope or does not decode, 415 when the
     *                      kind's group-version has no protobuf messages here
     */
    static JsonNode toJson(byte[] body, ResourceType type) {
        if (body == null || body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw ApiException.badRequest("the body of the request could not be decoded: "
                    + "protobuf body does not start with the Kubernetes magic k8s\\0");
        }
        FileDescriptor file = FILES.get(type.apiVersion());
        Descriptor descriptor = file == null ? null : file.findMessageTypeByName(type.kind());
        if (descriptor == null) {
            throw ApiException.unsupportedMediaType(MEDIA_TYPE + " (no protobuf form for " + type.apiVersion() + " "
                    + type.kind() + ")");
        }
        Runtime.Unknown unknown;
        DynamicMessage message;
        try {
            unknown = Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
            if (!unknown.getContentEncoding().isEmpty()) {
                throw ApiException.badRequest("the body of the request could not be decoded: unsupported content "
                        + "encoding \"" + unknown.getContentEncoding() + "\"");
            }
            message = DynamicMessage.parseFrom(descriptor, unknown.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw ApiException.badRequest("the body of the request could not be decoded: " + e.getMessage());
        }
        ObjectNode result = NODES.objectNode();
        // Kubernetes JSON puts the type first; kind and apiVersion live in the envelope, not in the message.
        if (!unknown.getTypeMeta().getApiVersion().isEmpty()) {
            result.put("apiVersion", unknown.getTypeMeta().getApiVersion());
        }
        if (!unknown.getTypeMeta().getKind().isEmpty()) {
            result.put("kind", unknown.getTypeMeta().getKind());
        }
        result.setAll(object(message));
        return result;
    }

    private static ObjectNode object(Message message) {
        ObjectNode node = NODES.objectNode();
        String owner = message.getDescriptorForType().getFullName();
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            FieldDescriptor field = e.getKey();
            String name = field.getName();
            if (field.isMapField()) {
                ObjectNode map = NODES.objectNode();
                for (Object entry : (List<?>) e.getValue()) {
                    Message m = (Message) entry;
                    FieldDescriptor keyField = m.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor valueField = m.getDescriptorForType().findFieldByName("value");
                    JsonNode value = value(valueField, m.getField(valueField));
                    map.set(String.valueOf(m.getField(keyField)), value == null ? NODES.nullNode() : value);
                }
                if (!map.isEmpty()) {
                    node.set(name, map);
                }
            } else if (field.isRepeated()) {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (List<?>) e.getValue()) {
                    JsonNode value = value(field, item);
                    array.add(value == null ? emptyOf(field) : value);
                }
                if (!array.isEmpty()) {
                    node.set(name, array);
                }
            } else if (INLINE.contains(owner + "." + name) && e.getValue() instanceof Message inline) {
                node.setAll(object(inline));
            } else {
                JsonNode value = value(field, e.getValue());
                if (value != null && (!isZero(value) || POINTER_SCALARS.contains(owner + "." + name))) {
                    node.set(name, value);
                }
            }
        }
        return node;
    }

    /** The JSON form of one value, or null when Go's JSON would leave it out (a zero Time). */
    private static JsonNode value(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case MESSAGE -> message((Message) value);
            case STRING -> NODES.textNode((String) value);
            case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> NODES.numberNode((Long) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case ENUM -> NODES.textNode(value.toString());
        };
    }

    private static JsonNode message(Message m) {
        String type = m.getDescriptorForType().getFullName();
        return switch (type) {
            case TIME -> time(m, SECONDS);
            case MICRO_TIME -> time(m, MICRO);
            case QUANTITY -> NODES.textNode((String) field(m, "string"));
            case INT_OR_STRING -> ((Long) field(m, "type")) == 1L
                    ? NODES.textNode((String) field(m, "strVal"))
                    : NODES.numberNode((Integer) field(m, "intVal"));
            case DURATION -> NODES.textNode(goDuration((Long) field(m, "duration")));
            case RAW_EXTENSION, FIELDS_V1 -> rawJson(m, type.equals(RAW_EXTENSION) ? "raw" : "Raw");
            default -> object(m);
        };
    }

    private static Object field(Message m, String name) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
        if (f == null) {
            throw new IllegalStateException(m.getDescriptorForType().getFullName() + " has no field " + name);
        }
        Object v = m.getField(f);
        // IntOrString.type is an int64 in the proto; normalise so the switch above has one type to compare.
        return v instanceof Integer i && name.equals("type") ? Long.valueOf(i) : v;
    }

    /** Go marshals a zero metav1.Time as null, which Kubernetes' JSON decoders treat as absent. */
    private static JsonNode time(Message m, DateTimeFormatter format) {
        long seconds = (Long) field(m, "seconds");
        int nanos = (Integer) field(m, "nanos");
        if (seconds == 0 && nanos == 0) {
            return null;
        }
        return NODES.textNode(format.format(Instant.ofEpochSecond(seconds, nanos)));
    }

    private static JsonNode rawJson(Message m, String fieldName) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByName(fieldName);
        if (f == null) {
            f = m.getDescriptorForType().getFields().get(0);
        }
        ByteString raw = (ByteString) m.getField(f);
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return RAW_JSON.readTree(raw.toByteArray());
        } catch (IOException e) {
            throw ApiException.badRequest("the body of the request could not be decoded: embedded JSON in "
                    + m.getDescriptorForType().getName() + " is not JSON: " + e.getMessage());
        }
    }

    private static String goDuration(long nanos) {
        // Go's time.Duration.String for the whole-second values Kubernetes uses (e.g. "1m30s"); sub-second rest in ns.
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder(nanos < 0 ? "-" : "");
        long n = Math.abs(nanos);
        long hours = n / 3_600_000_000_000L;
        long minutes = n / 60_000_000_000L % 60;
        long seconds = n / 1_000_000_000L % 60;
        long rest = n % 1_000_000_000L;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        if (rest == 0) {
            out.append(seconds).append('s');
        } else {
            out.append(seconds).append('.').append(String.format("%09d", rest).replaceAll("0+$", "")).append('s');
        }
        return out.toString();
    }

    private static JsonNode emptyOf(FieldDescriptor field) {
        return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? NODES.objectNode() : NODES.nullNode();
    }

    private static boolean isZero(JsonNode value) {
        return (value.isTextual() && value.asText().isEmpty())
                || (value.isBoolean() && !value.booleanValue())
                || (value.isNumber() && value.asDouble() == 0.0);
    }
}
