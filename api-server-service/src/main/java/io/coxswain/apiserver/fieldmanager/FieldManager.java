package io.coxswain.apiserver.fieldmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.api.FieldError;
import io.coxswain.apiserver.resource.ResourceType;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Field ownership ({@code metadata.managedFields}) and server-side apply, as Kubernetes' field manager does them.
 *
 * <p>Every write names a manager (the {@code fieldManager} parameter, or the prefix of the User-Agent). An update
 * (create, update, patch) makes its manager the owner of the fields it added or changed, taking them from whoever
 * owned them; fields it removed are removed from every manager. An apply ({@code application/apply-patch+yaml})
 * merges the applied configuration into the object, makes its manager the owner of exactly the fields the
 * configuration sets, removes the fields it applied before and no longer applies (unless another manager owns them),
 * and refuses, with a 409 listing them, to change fields another manager owns unless forced. Fields the server sets
 * (identity, resourceVersion, generation) are owned by nobody; the main resource never owns {@code status}, and the
 * status subresource owns only {@code status}.</p>
 */
public final class FieldManager {

    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** The manager given the existing fields of an object that is applied to for the first time without owners. */
    static final String BEFORE_FIRST_APPLY = "before-first-apply";
    static final String ANCIENT_CHANGES = "ancient-changes";
    static final int MAX_UPDATE_MANAGERS = 10;

    private static final FieldSet IGNORED = ignored();
    private static final PathElement STATUS = PathElement.field("status");

    /**
     * Who writes: the manager's name and the subresource written ({@code null} for the main resource, or
     * {@code status}, {@code scale}); {@code applied} when the object's managedFields were already computed by
     * {@link #apply}, so that the write stores them as they are.
     */
    public record Owner(String manager, String subresource, boolean applied) {

        public static Owner update(String manager, String subresource) {
            return new Owner(manager, subresource, false);
        }

        public static Owner applied(String manager, String subresource) {
            return new Owner(manager, subresource, true);
        }
    }

    private final ObjectMapper mapper;
    private final Clock clock;

    public FieldManager(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    // ---- update ----

    /**
     * Records an update of {@code live} (null for a create) into {@code next}: sets {@code next}'s managedFields.
     * Managed fields sent with the request replace the stored ones when they can be read (that is how clients
     * migrate or reset them); otherwise the stored ones are kept.
     */
    public void update(ResourceType type, HasMetadata live, HasMetadata next, Owner owner) {
        update(type, live, next, owner, live == null ? null : tree(live), tree(next));
    }

    /**
     * As {@link #update(ResourceType, HasMetadata, HasMetadata, Owner)}, for a caller that has the objects' trees
     * already ({@link #tree}: without managedFields; {@code liveTree} null for a create).
     */
    public void update(ResourceType type, HasMetadata live, HasMetadata next, Owner owner, JsonNode liveTree,
                       JsonNode nextTree) {
        validate(type, next);
        List<Entry> managers = decode(next.getMetadata().getManagedFields());
        if (managers == null || next.getMetadata().getManagedFields().isEmpty()) {
            managers = live == null ? new ArrayList<>() : Objects.requireNonNullElseGet(
                    decode(live.getMetadata().getManagedFields()), ArrayList::new);
            if (live != null && managers.isEmpty()) {
                // An existing object nobody tracks (written before tracking, or reset with managedFields: [{}]) is
                // not tracked by updates; its first apply gives its fields to "before-first-apply".
                next.getMetadata().setManagedFields(null);
                return;
            }
        }
        TypeRef schema = TypeRef.of(type.type());
        Typed.Comparison cmp = Typed.compare(liveTree == null ? mapper.createObjectNode() : liveTree, nextTree, schema).filter(s -> relevant(s, type, owner.subresource()));
        FieldSet changed = cmp.changed();
        for (Entry e : managers) {
            e.set = e.set.difference(changed).difference(cmp.removed());
        }
        if (!changed.isEmpty()) {
            Entry mine = find(managers, owner.manager(), UPDATE, owner.subresource());
            if (mine == null) {
                mine = new Entry(owner.manager(), UPDATE, owner.subresource(), type.apiVersion(), null, FieldSet.empty());
                managers.add(mine);
            }
            mine.set = mine.set.union(changed);
            mine.apiVersion = type.apiVersion();
            mine.time = now();
        }
        next.getMetadata().setManagedFields(encode(cleanUp(managers)));
    }

    // ---- apply ----

    /**
     * Applies a configuration to {@code live} (null when the object does not exist yet) and returns the resulting
     * object's JSON, with its managedFields.
     *
     * @throws ApiException 409 with the conflicting fields and their managers, unless {@code force};
     *                      400 for a configuration the schema cannot merge (such as duplicate list keys)
     */
    public ObjectNode apply(ResourceType type, HasMetadata live, ObjectNode configuration, Owner owner,
                            boolean force) {
        TypeRef schema = TypeRef.of(type.type());
        ObjectNode config = (ObjectNode) Typed.normalize(configuration, schema);
        ObjectNode liveTree = live == null ? mapper.createObjectNode() : tree(live);
        List<Entry> managers = live == null ? new ArrayList<>()
                : Objects.requireNonNullElseGet(decode(live.getMetadata().getManagedFields()), ArrayList::new);
        if (live != null && managers.isEmpty()) {
            // An object written before anything tracked its fields: someone set them, so they are not free to take.
            managers.add(new Entry(BEFORE_FIRST_APPLY, UPDATE, null, type.apiVersion(), null,
                    relevant(Typed.toFieldSet(liveTree, schema), type, owner.subresource())));
        }
        JsonNode merged;
        FieldSet applied;
        String typedPatchError = "failed to create typed patch object (" + identity(type, config) + "): ";
        List<String> unknown = UnknownFields.find(config, schema);
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest(typedPatchError + "." + unknown.get(0) + ": field not declared in schema");
        }
        try {
            applied = relevant(Typed.toAppliedFieldSet(config, schema), type, owner.subresource());
            merged = Typed.merge(liveTree, config, schema);
        } catch (Typed.InvalidValueException e) {
            throw ApiException.badRequest(typedPatchError + e.getMessage());
        }
        Entry mine = find(managers, owner.manager(), APPLY, owner.subresource());
        FieldSet lastApplied = mine == null ? FieldSet.empty() : mine.set;
        if (mine == null) {
            mine = new Entry(owner.manager(), APPLY, owner.subresource(), type.apiVersion(), null, applied);
            managers.add(mine);
        }
        mine.set = applied;
        mine.apiVersion = type.apiVersion();
        if (!lastApplied.isEmpty()) {
            // Fields this manager applied last time and no longer applies go, unless someone else still owns them.
            FieldSet owned = FieldSet.empty();
            for (Entry e : managers) {
                owned = owned.union(e.set);
            }
            merged = Typed.removeItems(merged, schema, lastApplied.difference(owned), owned);
        }
        Typed.Comparison cmp = Typed.compare(liveTree, merged, schema).filter(s -> relevant(s, type, owner.subresource()));
        Map<Entry, FieldSet> conflicts = conflicts(managers, mine, cmp.changed());
        if (!conflicts.isEmpty() && !force) {
            if (owner.manager().equals("kubectl") && live != null) {
                // Upgrading from client-side apply: fields whose value kubectl last applied client-side are its own.
                FieldSet allowed = allowedByLastApplied(type, liveTree, schema);
                conflicts.replaceAll((e, s) -> s.difference(allowed));
                conflicts.values().removeIf(FieldSet::isEmpty);
            }
            if (!conflicts.isEmpty()) {
                throw conflictError(type, live == null ? config.path("metadata").path("name").asText() : live.getMetadata().getName(), conflicts);
            }
        }
        FieldSet taken = cmp.changed();
        for (Entry e : managers) {
            if (e != mine) {
                e.set = e.set.difference(taken).difference(cmp.removed());
            }
        }
        // a change of what the write keeps: not of status or server-set metadata, which the registry restores
        boolean objectChanged = live == null || !taken.isEmpty() || !cmp.removed().isEmpty();
        if (objectChanged || mine.time == null || !lastApplied.equals(applied)) {
            mine.time = now();
        }
        ObjectNode result = (ObjectNode) merged;
        if (owner.manager().equals("kubectl") && live != null && hasLastApplied(liveTree)) {
            // Keep client-side apply's annotation in step, so that a later client-side apply computes from this one.
            ObjectNode metadata = result.with("metadata");
            if (!(metadata.get("annotations") instanceof ObjectNode)) {
                metadata.putObject("annotations");
            }
            ((ObjectNode) metadata.get("annotations")).put(LAST_APPLIED, lastAppliedOf(config));
        }
        result.with("metadata").set("managedFields", mapper.valueToTree(encode(cleanUp(managers))));
        return result;
    }

    /** As Kubernetes names an object in apply errors: {@code default/web; apps/v1, Kind=Deployment}. */
    private static String identity(ResourceType type, ObjectNode config) {
        JsonNode meta = config.path("metadata");
        String ns = meta.path("namespace").asText("");
        String name = meta.path("name").asText("");
        return (ns.isEmpty() ? name : ns + "/" + name) + "; " + type.apiVersion() + ", Kind=" + type.kind();
    }

    private static Map<Entry, FieldSet> conflicts(List<Entry> managers, Entry mine, FieldSet changed) {
        Map<Entry, FieldSet> conflicts = new LinkedHashMap<>();
        for (Entry e : managers) {
            if (e == mine) {
                continue;
            }
            FieldSet c = e.set.intersection(changed);
            if (!c.isEmpty()) {
                conflicts.put(e, c);
            }
        }
        return conflicts;
    }

    /** The fields of the live object still as the last-applied annotation says (kubectl's client-side intent). */
    private FieldSet allowedByLastApplied(ResourceType type, JsonNode liveTree, TypeRef schema) {
        JsonNode annotation = liveTree.path("metadata").path("annotations").path(LAST_APPLIED);
        if (!annotation.isTextual() || annotation.asText().isEmpty()) {
            return FieldSet.empty();
        }
        JsonNode lastApplied;
        try {
            lastApplied = mapper.readTree(annotation.asText());
        } catch (JsonProcessingException e) {
            return FieldSet.empty();
        }
        if (!lastApplied.isObject() || !type.apiVersion().equals(lastApplied.path("apiVersion").asText())) {
            return FieldSet.empty();
        }
        Typed.Comparison cmp = Typed.compare(lastApplied, liveTree, schema);
        return Typed.toFieldSet(lastApplied, schema).difference(cmp.modified()).difference(cmp.added())
                .difference(cmp.removed());
    }

    private static boolean hasLastApplied(JsonNode tree) {
        JsonNode v = tree.path("metadata").path("annotations").path(LAST_APPLIED);
        return v.isTextual() && !v.asText().isEmpty();
    }

    private String lastAppliedOf(ObjectNode config) {
        ObjectNode copy = config.deepCopy();
        JsonNode annotations = copy.path("metadata").path("annotations");
        if (annotations instanceof ObjectNode a) {
            a.remove(LAST_APPLIED);
        }
        try {
            return mapper.writeValueAsString(copy) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException conflictError(ResourceType type, String name, Map<Entry, FieldSet> conflicts) {
        List<StatusCause> causes = new ArrayList<>();
        Map<String, List<String>> byManager = new TreeMap<>();
        conflicts.forEach((e, set) -> set.paths().forEach(p -> {
            String field = FieldSet.toString(p);
            String who = e.describe();
            causes.add(new StatusCauseBuilder().withReason("FieldManagerConflict").withMessage("conflict with " + who)
                    .withField(field).build());
            byManager.computeIfAbsent(who, k -> new ArrayList<>()).add(field);
        }));
        String message;
        if (causes.size() == 1) {
            message = "Apply failed with 1 conflict: " + causes.get(0).getMessage() + ": " + causes.get(0).getField();
        } else {
            List<String> lines = new ArrayList<>();
            byManager.forEach((who, fields) -> {
                lines.add("conflicts with " + who + ":");
                fields.forEach(f -> lines.add("- " + f));
            });
            message = "Apply failed with " + causes.size() + " conflicts: " + String.join("\n", lines);
        }
        return ApiException.applyConflict(type, name, message, causes);
    }

    // ---- what is tracked ----

    /**
     * The part of a field set that ownership covers: never the fields the server sets; for the main resource not the
     * status; for the status subresource only the status.
     */
    static FieldSet relevant(FieldSet set, ResourceType type, String subresource) {
        if ("status".equals(subresource)) {
            return set.only(STATUS);
        }
        FieldSet result = set.recursiveDifference(IGNORED);
        if (type.hasStatus()) {
            FieldSet status = FieldSet.empty();
            status.insert(List.of(STATUS));
            result = result.recursiveDifference(status);
        }
        return result;
    }

    private static FieldSet ignored() {
        FieldSet s = FieldSet.empty();
        s.insert(List.of(PathElement.field("apiVersion")));
        s.insert(List.of(PathElement.field("kind")));
        for (String f : List.of("name", "namespace", "creationTimestamp", "selfLink", "uid", "generation",
                "managedFields", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds")) {
            s.insert(List.of(PathElement.field("metadata"), PathElement.field(f)));
        }
        return s;
    }

    // ---- managedFields entries ----

    static final class Entry {
        final String manager;
        final String operation;
        final String subresource;
        String apiVersion;
        String time;
        FieldSet set;

        Entry(String manager, String operation, String subresource, String apiVersion, String time, FieldSet set) {
            this.manager = manager;
            this.operation = operation;
            this.subresource = subresource == null || subresource.isEmpty() ? null : subresource;
            this.apiVersion = apiVersion;
            this.time = time;
            this.set = set;
        }

        /** As Kubernetes names a manager in conflict messages. */
        String describe() {
            String s = "\"" + manager + "\"";
            if (subresource != null) {
                s += " with subresource \"" + subresource + "\"";
            }
            return operation.equals(UPDATE) ? s + " using " + apiVersion : s;
        }
    }

    private static Entry find(List<Entry> managers, String manager, String operation, String subresource) {
        String sub = subresource == null || subresource.isEmpty() ? null : subresource;
        for (Entry e : managers) {
            if (e.manager.equals(manager) && e.operation.equals(operation) && Objects.equals(e.subresource, sub)) {
                return e;
            }
        }
        return null;
    }

    /** Managed fields a client sends must say what they are, as Kubernetes validates them. */
    private static void validate(ResourceType type, HasMetadata object) {
        List<ManagedFieldsEntry> entries = object.getMetadata().getManagedFields();
        if (entries == null) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ManagedFieldsEntry e = entries.get(i);
            if (e == null || e.getFieldsV1() == null || e.getFieldsV1().getAdditionalProperties().isEmpty()) {
                continue; // an entry that owns nothing is dropped, whatever it says ([{}] resets managedFields)
            }
            String at = "metadata.managedFields[" + i + "]";
            if (!APPLY.equals(e.getOperation()) && !UPDATE.equals(e.getOperation())) {
                errors.add(FieldError.invalid(at + ".operation", e.getOperation() == null ? "" : e.getOperation(),
                        "must be `Apply` or `Update`"));
            }
            if (e.getFieldsType() != null && !e.getFieldsType().isEmpty() && !"FieldsV1".equals(e.getFieldsType())) {
                errors.add(FieldError.invalid(at + ".fieldsType", e.getFieldsType(), "must be `FieldsV1`"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(type, object.getMetadata().getName(), errors);
        }
    }

    /** The entries, or null when they cannot be read (then the stored ones are used instead). */
    private List<Entry> decode(List<ManagedFieldsEntry> entries) {
        if (entries == null) {
            return null;
        }
        List<Entry> out = new ArrayList<>();
        try {
            for (ManagedFieldsEntry m : entries) {
                if (m == null) {
                    continue;
                }
                String op = m.getOperation() == null ? UPDATE : m.getOperation();
                FieldSet set = m.getFieldsV1() == null ? FieldSet.empty()
                        : FieldSet.fromFieldsV1Map(m.getFieldsV1().getAdditionalProperties());
                Entry existing = find(out, m.getManager() == null ? "" : m.getManager(), op, m.getSubresource());
                if (existing != null) {
                    existing.set = existing.set.union(set);
                    continue;
                }
                out.add(new Entry(m.getManager() == null ? "" : m.getManager(), op, m.getSubresource(),
                        m.getApiVersion(), m.getTime(), set));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return out;
    }

    /** Drops managers that own nothing and folds the oldest update managers beyond ten into one. */
    private List<Entry> cleanUp(List<Entry> managers) {
        List<Entry> kept = new ArrayList<>(managers.stream().filter(e -> !e.set.isEmpty()).toList());
        List<Entry> updates = new ArrayList<>(kept.stream().filter(e -> e.operation.equals(UPDATE)).toList());
        if (updates.size() > MAX_UPDATE_MANAGERS) {
            updates.sort(Comparator.comparing((Entry e) -> e.time == null ? "" : e.time));
            Entry ancient = find(kept, ANCIENT_CHANGES, UPDATE, null);
            for (Entry e : updates) {
                if (kept.stream().filter(x -> x.operation.equals(UPDATE)).count() <= MAX_UPDATE_MANAGERS) {
                    break;
                }
                if (e == ancient) {
                    continue;
                }
                if (ancient == null) {
                    ancient = new Entry(ANCIENT_CHANGES, UPDATE, null, e.apiVersion, e.time, FieldSet.empty());
                    kept.add(ancient);
                }
                ancient.set = ancient.set.union(e.set);
                kept.remove(e);
            }
        }
        return kept;
    }

    private List<ManagedFieldsEntry> encode(List<Entry> managers) {
        if (managers.isEmpty()) {
            return null;
        }
        List<Entry> sorted = new ArrayList<>(managers);
        sorted.sort(Comparator.comparing((Entry e) -> e.operation)
                .thenComparing(e -> e.time == null ? "" : e.time)
                .thenComparing(e -> e.manager)
                .thenComparing(e -> e.apiVersion == null ? "" : e.apiVersion)
                .thenComparing(e -> e.subresource == null ? "" : e.subresource));
        List<ManagedFieldsEntry> out = new ArrayList<>();
        for (Entry e : sorted) {
            ManagedFieldsEntry m = new ManagedFieldsEntry();
            m.setManager(e.manager);
            m.setOperation(e.operation);
            m.setApiVersion(e.apiVersion);
            m.setTime(e.time);
            m.setFieldsType("FieldsV1");
            FieldsV1 fields = new FieldsV1();
            e.set.toFieldsV1Map().forEach(fields::setAdditionalProperty);
            m.setFieldsV1(fields);
            m.setSubresource(e.subresource);
            out.add(m);
        }
        return out;
    }

    /** An object's JSON tree without its managedFields, as the field manager compares objects. */
    public ObjectNode tree(HasMetadata object) {
        ObjectNode tree = mapper.valueToTree(object);
        JsonNode meta = tree.get("metadata");
        if (meta instanceof ObjectNode m) {
            m.remove("managedFields");
        }
        return tree;
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    }
}
