package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Server-side printing: {@code meta.k8s.io/v1 Table} with the columns kubectl shows against Kubernetes for each
 * kind (priority 1 columns appear under {@code -o wide}). Cells are formatted here, as Kubernetes formats them.
 */
final class Tables {

    enum Include { NONE, METADATA, OBJECT }

    private record Column(String name, String type, String format, int priority, String description) {
    }

    private final ObjectCodec codec;
    private final Clock clock;

    Tables(ObjectCodec codec, Clock clock) {
        this.codec = codec;
        this.clock = clock;
    }

    /** Whether an Accept header asks for {@code as=Table;g=meta.k8s.io;v=v1} (or v1beta1) first. */
    static boolean wantsTable(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            Map<String, String> params = MediaRanges.parameters(range);
            if ("Table".equals(params.get("as")) && "meta.k8s.io".equals(params.get("g"))
                    && ("v1".equals(params.get("v")) || "v1beta1".equals(params.get("v")))) {
                return true;
            }
            if (!params.containsKey("as")) {
                return false; // a plain media range came first
            }
        }
        return false;
    }

    static Include includeObject(String value) {
        if (value == null || value.isEmpty() || value.equals("Metadata")) {
            return Include.METADATA;
        }
        return switch (value) {
            case "None" -> Include.NONE;
            case "Object" -> Include.OBJECT;
            default -> throw io.coxswain.apiserver.api.ApiException.badRequest("includeObject: unsupported value \""
                    + value + "\": supported values: \"None\", \"Metadata\", \"Object\"");
        };
    }

    ObjectNode table(ResourceType type, List<HasMetadata> objects, String resourceVersion, Include include,
                     boolean withColumns) {
        ObjectNode table = codec.mapper().createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        if (resourceVersion != null) {
            meta.put("resourceVersion", resourceVersion);
        }
        if (withColumns) {
            ArrayNode columns = table.putArray("columnDefinitions");
            for (Column c : columns(type)) {
                ObjectNode col = columns.addObject();
                col.put("name", c.name());
                col.put("type", c.type());
                col.put("format", c.format());
                col.put("description", c.description());
                col.put("priority", c.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (HasMetadata o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : cells(o)) {
                if (cell instanceof Integer i) {
                    cells.add(i);
                } else if (cell instanceof Long l) {
                    cells.add(l);
                } else {
                    cells.add(String.valueOf(cell));
                }
            }
            switch (include) {
                case OBJECT -> row.set("object", codec.toTree(o));
                case METADATA -> {
                    ObjectNode partial = row.putObject("object");
                    partial.put("kind", "PartialObjectMetadata");
                    partial.put("apiVersion", "meta.k8s.io/v1");
                    partial.set("metadata", codec.toTree(o.getMetadata()));
                }
                case NONE -> {
                }
            }
        }
        return table;
    }

    private static Column col(String name, String description) {
        return new Column(name, "string", "", 0, description);
    }

    private static Column wide(String name, String description) {
        return new Column(name, "string", "", 1, description);
    }

    private static final Column NAME = new Column("Name", "string", "name", 0,
            "Name must be unique within a namespace.");
    private static final Column AGE = col("Age", "CreationTimestamp is a timestamp representing the server time when "
            + "this object was created.");

    private List<Column> columns(ResourceType type) {
        return switch (type.kind()) {
            case "Pod" -> List.of(NAME, col("Ready", "The aggregate readiness state of this pod for accepting traffic."),
                    col("Status", "The aggregate status of the containers in this pod."),
                    new Column("Restarts", "string", "", 0, "The number of times the containers in this pod have been restarted."),
                    AGE, wide("IP", "IP address allocated to the pod."), wide("Node", "Name of the node the pod is assigned to."),
                    wide("Nominated Node", "Name of the node where the pod is nominated to run."),
                    wide("Readiness Gates", "The readiness gates of the pod."));
            case "Namespace" -> List.of(NAME, col("Status", "The status of the namespace"), AGE);
            case "Node" -> List.of(NAME, col("Status", "The status of the node"), col("Roles", "The roles of the node"), AGE,
                    col("Version", "Kubelet Version reported by the node."), wide("Internal-IP", "List of internal IPs."),
                    wide("External-IP", "List of external IPs."), wide("OS-Image", "OS image reported by the node."),
                    wide("Kernel-Version", "Kernel version reported by the node."),
                    wide("Container-Runtime", "Container runtime version reported by the node."));
            case "Service" -> List.of(NAME, col("Type", "The type of the service."),
                    col("Cluster-IP", "The cluster IP of the service."), col("External-IP", "The external IPs of the service."),
                    col("Port(s)", "The ports of the service."), AGE,
                    wide("Selector", "Route service traffic to pods with label keys and values matching this selector."));
            case "Endpoints" -> List.of(NAME, col("Endpoints", "Endpoints of the service"), AGE);
            case "Event" -> List.of(col("Last Seen", "Time since the event was last seen."), col("Type", "Type of the event."),
                    col("Reason", "Reason of the event."), col("Object", "The object the event is about."),
                    wide("Subobject", "The field of the object the event is about."),
                    wide("Source", "The component that reported the event."), col("Message", "The event's message."),
                    wide("First Seen", "Time since the event was first seen."), wide("Count", "How often it happened."),
                    wide("Name", "Name of the event."));
            case "ConfigMap" -> List.of(NAME, new Column("Data", "integer", "", 0, "Number of entries."), AGE);
            case "Secret" -> List.of(NAME, col("Type", "The type of the secret"),
                    new Column("Data", "integer", "", 0, "Number of entries."), AGE);
            case "Deployment" -> List.of(NAME, col("Ready", "Number of the pod with ready state"),
                    new Column("Up-to-date", "integer", "", 0, "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
                    new Column("Available", "integer", "", 0, "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
                    AGE, wide("Containers", "Names of each container in the template."),
                    wide("Images", "Images referenced by each container in the template."),
                    wide("Selector", "Label selector for pods."));
            case "ReplicaSet" -> List.of(NAME, new Column("Desired", "integer", "", 0, "Number of desired pods."),
                    new Column("Current", "integer", "", 0, "Number of actual replicas."),
                    new Column("Ready", "integer", "", 0, "The number of ready replicas."), AGE,
                    wide("Containers", "Names of each container in the template."),
                    wide("Images", "Images referenced by each container in the template."),
                    wide("Selector", "Label selector for pods."));
            case "Lease" -> List.of(NAME, col("Holder", "The holder of the lease."), AGE);
            default -> List.of(NAME, AGE);
        };
    }

    private List<Object> cells(HasMetadata o) {
        String name = o.getMetadata().getName();
        String age = age(o.getMetadata().getCreationTimestamp());
        if (o instanceof Pod pod) {
            return podCells(pod, name, age);
        }
        if (o instanceof Namespace ns) {
            return List.of(name, ns.getStatus() == null || ns.getStatus().getPhase() == null ? "Active"
                    : ns.getStatus().getPhase(), age);
        }
        if (o instanceof Node node) {
            return nodeCells(node, name, age);
        }
        if (o instanceof Service svc) {
            return serviceCells(svc, name, age);
        }
        if (o instanceof Endpoints ep) {
            return List.of(name, endpoints(ep), age);
        }
        if (o instanceof Event ev) {
            String last = ev.getLastTimestamp() != null ? ev.getLastTimestamp()
                    : ev.getEventTime() != null ? ev.getEventTime().getTime() : ev.getMetadata().getCreationTimestamp();
            String first = ev.getFirstTimestamp() != null ? ev.getFirstTimestamp() : ev.getMetadata().getCreationTimestamp();
            var ref = ev.getInvolvedObject();
            // printEvent: strings.ToLower(kind) + "/" + name; either may be empty
            String object = ref == null ? "" : nz(ref.getKind()).toLowerCase(Locale.ROOT) + "/" + nz(ref.getName());
            return List.of(age(last), nz(ev.getType()), nz(ev.getReason()), object,
                    ref == null || ref.getFieldPath() == null ? "" : ref.getFieldPath(),
                    ev.getSource() == null ? "" : nz(ev.getSource().getComponent())
                            + (ev.getSource().getHost() == null ? "" : ", " + ev.getSource().getHost()),
                    nz(ev.getMessage()), age(first), ev.getCount() == null ? 1 : ev.getCount(), name);
        }
        if (o instanceof ConfigMap cm) {
            int n = (cm.getData() == null ? 0 : cm.getData().size()) + (cm.getBinaryData() == null ? 0 : cm.getBinaryData().size());
            return List.of(name, n, age);
        }
        if (o instanceof Secret s) {
            return List.of(name, nz(s.getType()), s.getData() == null ? 0 : s.getData().size(), age);
        }
        if (o instanceof Deployment d) {
            var st = d.getStatus();
            int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            return List.of(name, num(st == null ? null : st.getReadyReplicas()) + "/" + desired,
                    num(st == null ? null : st.getUpdatedReplicas()), num(st == null ? null : st.getAvailableReplicas()), age,
                    containerNames(d.getSpec().getTemplate()), images(d.getSpec().getTemplate()),
                    selector(d.getSpec().getSelector()));
        }
        if (o instanceof ReplicaSet rs) {
            var st = rs.getStatus();
            return List.of(name, rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas(),
                    num(st == null ? null : st.getReplicas()), num(st == null ? null : st.getReadyReplicas()), age,
                    containerNames(rs.getSpec().getTemplate()), images(rs.getSpec().getTemplate()),
                    selector(rs.getSpec().getSelector()));
        }
        if (o instanceof Lease lease) {
            return List.of(name, lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null ? ""
                    : lease.getSpec().getHolderIdentity(), age);
        }
        return List.of(name, age);
    }

    /**
     * printPod of Kubernetes' pkg/printers/internalversion/printers.go: READY counts ready running containers (and
     * started sidecars, i.e. init containers with restartPolicy Always); STATUS is the phase, overridden by the pod's
     * reason, then by init progress (Init:N/M, Init:reason) while initialising, else by the containers' waiting or
     * terminated reasons; RESTARTS has "(x ago)" only when there were restarts.
     */
    private List<Object> podCells(Pod pod, String name, String age) {
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        List<Container> initSpecs = spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
        int total = spec.getContainers() == null ? 0 : spec.getContainers().size();
        int ready = 0;
        int restarts = 0;
        int sidecarRestarts = 0;
        String lastRestart = null;
        String lastSidecarRestart = null;

        String phase = status.getPhase();
        String reason = phase == null ? "Pending" : phase;
        if (status.getReason() != null && !status.getReason().isEmpty()) {
            reason = status.getReason();
        }
        for (PodCondition c : conditions(status)) {
            if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
                reason = "SchedulingGated";
            }
        }

        Map<String, Container> inits = new HashMap<>();
        for (Container c : initSpecs) {
            inits.put(c.getName(), c);
            if (isSidecar(c)) {
                total++;
            }
        }
        boolean initializing = false;
        List<ContainerStatus> initStatuses = status.getInitContainerStatuses() == null ? List.of()
                : status.getInitContainerStatuses();
        for (int i = 0; i < initStatuses.size(); i++) {
            ContainerStatus cs = initStatuses.get(i);
            restarts += restartCount(cs);
            lastRestart = later(lastRestart, lastTerminationFinishedAt(cs));
            boolean sidecar = isSidecar(inits.get(cs.getName()));
            if (sidecar) {
                sidecarRestarts += restartCount(cs);
                lastSidecarRestart = later(lastSidecarRestart, lastTerminationFinishedAt(cs));
            }
            ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
            ContainerStateTerminated terminated = state.getTerminated();
            if (terminated != null && exitCode(terminated) == 0) {
                continue;
            }
            if (sidecar && Boolean.TRUE.equals(cs.getStarted())) {
                if (Boolean.TRUE.equals(cs.getReady())) {
                    ready++;
                }
                continue;
            }
            if (terminated != null) {
                reason = "Init:" + terminatedReason(terminated);
            } else if (state.getWaiting() != null && !isEmpty(state.getWaiting().getReason())
                    && !"PodInitializing".equals(state.getWaiting().getReason())) {
                reason = "Init:" + state.getWaiting().getReason();
            } else {
                reason = "Init:" + i + "/" + initSpecs.size();
            }
            initializing = true;
            break;
        }

        if (!initializing || isInitialized(status)) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<ContainerStatus> statuses = status.getContainerStatuses() == null ? List.of()
                    : status.getContainerStatuses();
            for (int i = statuses.size() - 1; i >= 0; i--) {
                ContainerStatus cs = statuses.get(i);
                restarts += restartCount(cs);
                lastRestart = later(lastRestart, lastTerminationFinishedAt(cs));
                ContainerState state = cs.getState() == null ? new ContainerState() : cs.getState();
                if (state.getWaiting() != null && !isEmpty(state.getWaiting().getReason())) {
                    reason = state.getWaiting().getReason();
                } else if (state.getTerminated() != null) {
                    reason = terminatedReason(state.getTerminated());
                } else if (Boolean.TRUE.equals(cs.getReady()) && state.getRunning() != null) {
                    hasRunning = true;
                    ready++;
                }
            }
            // a container that completed while another still runs (a finished helper) does not make the pod Completed
            if ("Completed".equals(reason) && hasRunning) {
                reason = hasCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        if (pod.getMetadata().getDeletionTimestamp() != null && "NodeLost".equals(status.getReason())) {
            reason = "Unknown";
        } else if (pod.getMetadata().getDeletionTimestamp() != null && !"Succeeded".equals(phase)
                && !"Failed".equals(phase)) {
            reason = "Terminating";
        }

        String restartCell = restarts != 0 && lastRestart != null ? restarts + " (" + age(lastRestart) + " ago)"
                : String.valueOf(restarts);
        String ip = status.getPodIPs() != null && !status.getPodIPs().isEmpty() ? status.getPodIPs().get(0).getIp()
                : status.getPodIP();
        ip = isEmpty(ip) ? "<none>" : ip;
        String node = spec.getNodeName() == null || spec.getNodeName().isEmpty() ? "<none>" : spec.getNodeName();
        String nominated = status.getNominatedNodeName() == null || status.getNominatedNodeName().isEmpty() ? "<none>"
                : status.getNominatedNodeName();
        return List.of(name, ready + "/" + total, reason, restartCell, age, ip, node, nominated, readinessGates(spec, status));
    }

    private static String readinessGates(PodSpec spec, PodStatus status) {
        if (spec.getReadinessGates() == null || spec.getReadinessGates().isEmpty()) {
            return "<none>";
        }
        int satisfied = 0;
        for (var gate : spec.getReadinessGates()) {
            for (PodCondition c : conditions(status)) {
                if (c.getType() != null && c.getType().equals(gate.getConditionType())) {
                    if ("True".equals(c.getStatus())) {
                        satisfied++;
                    }
                    break;
                }
            }
        }
        return satisfied + "/" + spec.getReadinessGates().size();
    }

    /** An init container with restartPolicy Always is a sidecar: it runs beside the main containers. */
    private static boolean isSidecar(Container c) {
        return c != null && "Always".equals(c.getRestartPolicy());
    }

    private static List<PodCondition> conditions(PodStatus status) {
        return status.getConditions() == null ? List.of() : status.getConditions();
    }

    private static boolean hasCondition(PodStatus status, String type) {
        return conditions(status).stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean isInitialized(PodStatus status) {
        return hasCondition(status, "Initialized");
    }

    private static int restartCount(ContainerStatus cs) {
        return cs.getRestartCount() == null ? 0 : cs.getRestartCount();
    }

    private static int exitCode(ContainerStateTerminated t) {
        return t.getExitCode() == null ? 0 : t.getExitCode();
    }

    private static String terminatedReason(ContainerStateTerminated t) {
        if (!isEmpty(t.getReason())) {
            return t.getReason();
        }
        return t.getSignal() != null && t.getSignal() != 0 ? "Signal:" + t.getSignal() : "ExitCode:" + exitCode(t);
    }

    private static String lastTerminationFinishedAt(ContainerStatus cs) {
        var last = cs.getLastState();
        return last == null || last.getTerminated() == null || isEmpty(last.getTerminated().getFinishedAt()) ? null
                : last.getTerminated().getFinishedAt();
    }

    /** The later of two RFC 3339 timestamps (null is "never"); compared as instants, not as strings. */
    private static String later(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        try {
            return Instant.parse(b).isAfter(Instant.parse(a)) ? b : a;
        } catch (RuntimeException e) {
            return b.compareTo(a) > 0 ? b : a;
        }
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private List<Object> nodeCells(Node node, String name, String age) {
        List<String> states = new ArrayList<>();
        String ready = "Unknown";
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    ready = "True".equals(c.getStatus()) ? "Ready" : "NotReady";
                }
            }
        }
        states.add(ready.equals("Unknown") ? "Unknown" : ready);
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            states.add("SchedulingDisabled");
        }
        String roles = node.getMetadata().getLabels() == null ? "" : node.getMetadata().getLabels().keySet().stream()
                .filter(k -> k.startsWith("node-role.kubernetes.io/"))
                .map(k -> k.substring("node-role.kubernetes.io/".length()))
                .sorted().collect(Collectors.joining(","));
        var info = node.getStatus() == null ? null : node.getStatus().getNodeInfo();
        return List.of(name, String.join(",", states), roles.isEmpty() ? "<none>" : roles, age,
                info == null ? "" : nz(info.getKubeletVersion()), address(node, "InternalIP"), address(node, "ExternalIP"),
                info == null ? "<unknown>" : nz(info.getOsImage()), info == null ? "<unknown>" : nz(info.getKernelVersion()),
                info == null ? "<unknown>" : nz(info.getContainerRuntimeVersion()));
    }

    private static String address(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return "<none>";
        }
        return node.getStatus().getAddresses().stream().filter(a -> type.equals(a.getType()))
                .map(NodeAddress::getAddress).findFirst().orElse("<none>");
    }

    private List<Object> serviceCells(Service svc, String name, String age) {
        var spec = svc.getSpec();
        String type = nz(spec.getType());
        String clusterIp = spec.getClusterIP() == null || spec.getClusterIP().isEmpty() ? "<none>" : spec.getClusterIP();
        String external;
        if ("ExternalName".equals(type)) {
            external = nz(spec.getExternalName());
        } else if (spec.getExternalIPs() != null && !spec.getExternalIPs().isEmpty()) {
            external = String.join(",", spec.getExternalIPs());
        } else if ("LoadBalancer".equals(type)) {
            external = "<pending>";
        } else {
            external = "<none>";
        }
        List<String> ports = new ArrayList<>();
        if (spec.getPorts() != null) {
            for (ServicePort p : spec.getPorts()) {
                ports.add(p.getPort() + (p.getNodePort() != null && p.getNodePort() > 0 ? ":" + p.getNodePort() : "")
                        + "/" + nz(p.getProtocol()));
            }
        }
        String selector = spec.getSelector() == null || spec.getSelector().isEmpty() ? "<none>"
                : new TreeMap<>(spec.getSelector()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        return List.of(name, type, clusterIp, external, ports.isEmpty() ? "<none>" : String.join(",", ports), age, selector);
    }

    private static String endpoints(Endpoints ep) {
        List<String> list = new ArrayList<>();
        if (ep.getSubsets() != null) {
            for (EndpointSubset s : ep.getSubsets()) {
                if (s.getAddresses() == null) {
                    continue;
                }
                for (var a : s.getAddresses()) {
                    if (s.getPorts() == null || s.getPorts().isEmpty()) {
                        list.add(a.getIp());
                    } else {
                        for (var p : s.getPorts()) {
                            list.add(a.getIp() + ":" + p.getPort());
                        }
                    }
                }
            }
        }
        if (list.isEmpty()) {
            return "<none>";
        }
        return list.size() > 3 ? String.join(",", list.subList(0, 3)) + " + " + (list.size() - 3) + " more..."
                : String.join(",", list);
    }

    private static String containerNames(PodTemplateSpec t) {
        return t == null || t.getSpec() == null ? "" : t.getSpec().getContainers().stream().map(Container::getName)
                .collect(Collectors.joining(","));
    }

    private static String images(PodTemplateSpec t) {
        return t == null || t.getSpec() == null ? "" : t.getSpec().getContainers().stream().map(Container::getImage)
                .collect(Collectors.joining(","));
    }

    private static String selector(LabelSelector s) {
        if (s == null) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        if (s.getMatchLabels() != null) {
            new TreeMap<>(s.getMatchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
        }
        if (s.getMatchExpressions() != null) {
            for (var r : s.getMatchExpressions()) {
                switch (r.getOperator()) {
                    case "In" -> parts.add(r.getKey() + " in (" + String.join(",", r.getValues()) + ")");
                    case "NotIn" -> parts.add(r.getKey() + " notin (" + String.join(",", r.getValues()) + ")");
                    case "Exists" -> parts.add(r.getKey());
                    case "DoesNotExist" -> parts.add("!" + r.getKey());
                    default -> {
                    }
                }
            }
        }
        return parts.isEmpty() ? "<none>" : String.join(",", parts);
    }

    private static int num(Integer i) {
        return i == null ? 0 : i;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Kubernetes' HumanDuration: "5s", "3m10s", "45m", "5h3m", "2d3h", "30d", "2y10d". */
    String age(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "<unknown>";
        }
        Duration d;
        try {
            d = Duration.between(Instant.parse(timestamp), clock.instant());
        } catch (RuntimeException e) {
            return "<invalid>";
        }
        return humanDuration(d);
    }

    static String humanDuration(Duration d) {
        // Go's int(d.Seconds()) truncates toward zero; Duration.getSeconds() floors
        long seconds = d.isNegative() ? -d.negated().getSeconds() : d.getSeconds();
        if (seconds < -1) {
            // more than 2 s in the future is a clock problem, not "now"
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 192) {
            long h = hours % 24;
            return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
        }
        long days = hours / 24;
        if (days < 365 * 2) {
            return days + "d";
        }
        long years = days / 365;
        if (years < 8) {
            long dd = days % 365;
            return dd == 0 ? years + "y" : years + "y" + dd + "d";
        }
        return years + "y";
    }
}
