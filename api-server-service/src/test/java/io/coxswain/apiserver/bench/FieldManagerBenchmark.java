package io.coxswain.apiserver.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.fieldmanager.FieldManager;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.HdrHistogram.Histogram;

import java.time.Clock;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The cost of field ownership (a command, not a test): how long the field manager takes, per write, for the
 * operations every create, update and apply now includes, on a Deployment as kubectl applies it. Single thread, in
 * process, after a warm-up. Run with {@code scripts/bench-fieldmanager.sh [iterations]}; figures are recorded in
 * docs/PERFORMANCE.md.
 */
public final class FieldManagerBenchmark {

    private static final String CONFIG = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default",
             "labels":{"app":"web","tier":"front"},"annotations":{"team":"a"}},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
               {"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80},{"containerPort":443}],
                "env":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}],
                "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"memory":"128Mi"}},
                "readinessProbe":{"httpGet":{"path":"/","port":80},"periodSeconds":5}},
               {"name":"sidecar","image":"busybox:1.36","command":["sh","-c","sleep 3600"]}]}}}}""";

    private FieldManagerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        ObjectCodec codec = new ObjectCodec();
        FieldManager fields = new FieldManager(codec.mapper(), Clock.systemUTC());
        ObjectNode config = (ObjectNode) codec.mapper().readTree(CONFIG);
        FieldManager.Owner csa = FieldManager.Owner.update("kubectl-client-side-apply", null);
        FieldManager.Owner ssa = FieldManager.Owner.applied("kubectl", null);
        Deployment created = codec.fromTree(config, Deployment.class);
        fields.update(ResourceTypes.DEPLOYMENTS, null, created, csa);
        Deployment applied = codec.fromTree(fields.apply(ResourceTypes.DEPLOYMENTS, null, config, ssa, false),
                Deployment.class);
        ObjectNode changed = config.deepCopy();
        changed.with("spec").put("replicas", 5);

        System.out.printf(Locale.ROOT, "field manager, Deployment with 2 containers, %d iterations each%n", iterations);
        System.out.printf(Locale.ROOT, "%-44s %10s %9s %9s %9s%n", "operation", "ops/s", "p50 us", "p99 us", "max us");
        run("update: create (all fields new)", iterations, i -> {
            Deployment d = codec.copy(created);
            d.getMetadata().setManagedFields(null);
            fields.update(ResourceTypes.DEPLOYMENTS, null, d, csa);
        });
        run("update: one label changed", iterations, i -> {
            Deployment next = codec.copy(created);
            next.getMetadata().getLabels().put("tier", "t" + i);
            fields.update(ResourceTypes.DEPLOYMENTS, created, next, FieldManager.Owner.update("kubectl-label", null));
        });
        run("apply: same configuration (no change)", iterations,
                i -> fields.apply(ResourceTypes.DEPLOYMENTS, applied, config, ssa, false));
        run("apply: replicas changed", iterations,
                i -> fields.apply(ResourceTypes.DEPLOYMENTS, applied, changed, ssa, false));
        run("copy of the object (for scale: one deep copy)", iterations, i -> codec.copy(created));
        byte[] plain = codec.encodeForStorage(ResourceTypes.DEPLOYMENTS, withoutManagedFields(codec, created));
        byte[] managed = codec.encodeForStorage(ResourceTypes.DEPLOYMENTS, applied);
        System.out.printf(Locale.ROOT, "stored size: %d bytes without managedFields, %d with (apply)%n",
                plain.length, managed.length);
    }

    private static HasMetadata withoutManagedFields(ObjectCodec codec, Deployment d) {
        Deployment copy = codec.copy(d);
        copy.getMetadata().setManagedFields(null);
        return copy;
    }

    private static void run(String name, int iterations, IntConsumer op) {
        for (int i = 0; i < iterations / 2; i++) {
            op.accept(i); // warm-up
        }
        Histogram h = new Histogram(3);
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            op.accept(i);
            h.recordValue((System.nanoTime() - t) / 1000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-44s %10.0f %9d %9d %9d%n", name, iterations / seconds,
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue());
    }
}
