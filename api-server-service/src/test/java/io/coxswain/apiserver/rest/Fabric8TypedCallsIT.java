package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.apiserver.testing.SharedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The fabric8 client's typed calls for the operations kubectl users rely on: the three patch types, scale, edit,
 * createOr(update), server-side create-or-replace and delete with each propagation policy, each checked in the stored
 * object. Server-side apply is not implemented and is left out.
 */
class Fabric8TypedCallsIT {

    private static ApiServerFixture server;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        server = ApiServerFixture.start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Deployment web(String ns) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(ns).addToLabels("app", "web")
                .endMetadata().withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("nginx").withImage("nginx:1.27")
                .addNewEnv().withName("MODE").withValue("one").endEnv()
                .addNewEnv().withName("LEVEL").withValue("info").endEnv()
                .endContainer()
                .addNewContainer().withName("sidecar").withImage("busybox:1.36").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    private static Deployment stored(String ns) {
        return client.apps().deployments().inNamespace(ns).withName("web").get();
    }

    @Test
    void jsonMergeAndStrategicPatches() {
        String ns = SharedApiServer.freshNamespace(client, "patch");
        client.apps().deployments().inNamespace(ns).resource(web(ns)).create();
        var deployment = client.apps().deployments().inNamespace(ns).withName("web");

        Deployment json = deployment.patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4},"
                        + "{\"op\":\"add\",\"path\":\"/metadata/labels/tier\",\"value\":\"web\"}]");
        assertThat(json.getSpec().getReplicas()).isEqualTo(4);
        assertThat(stored(ns).getSpec().getReplicas()).isEqualTo(4);
        assertThat(stored(ns).getMetadata().getLabels()).containsEntry("tier", "web");

        deployment.patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"tier\":null,\"team\":\"a\"}},\"spec\":{\"minReadySeconds\":5}}");
        Deployment merged = stored(ns);
        assertThat(merged.getMetadata().getLabels()).doesNotContainKey("tier").containsEntry("team", "a");
        assertThat(merged.getSpec().getMinReadySeconds()).isEqualTo(5);

        // strategic merge: containers merge by name, so the sidecar stays and only nginx's image and env change
        deployment.patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.28\","
                        + "\"env\":[{\"name\":\"MODE\",\"value\":\"two\"}]}]}}}}");
        var containers = stored(ns).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(Container::getName, Container::getImage)
                .containsExactly(tuple("nginx", "nginx:1.28"), tuple("sidecar", "busybox:1.36"));
        assertThat(containers.get(0).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactly(tuple("MODE", "two"), tuple("LEVEL", "info"));

        // the typed patch(object) form: fabric8 diffs the two objects and sends a JSON patch
        Deployment current = stored(ns);
        Deployment changed = new DeploymentBuilder(current).editSpec().withReplicas(1).endSpec().build();
        deployment.patch(changed);
        assertThat(stored(ns).getSpec().getReplicas()).isEqualTo(1);

        // a patch that makes the object invalid changes nothing
        String rv = stored(ns).getMetadata().getResourceVersion();
        assertThatThrownBy(() -> deployment.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":-1}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThat(stored(ns).getMetadata().getResourceVersion()).isEqualTo(rv);
    }

    @Test
    void serverSideApply() {
        String ns = SharedApiServer.freshNamespace(client, "ssa");
        Deployment applied = client.apps().deployments().inNamespace(ns).resource(web(ns)).fieldManager("deployer")
                .serverSideApply();
        assertThat(applied.getMetadata().getManagedFields()).singleElement().satisfies(m -> {
            assertThat(m.getManager()).isEqualTo("deployer");
            assertThat(m.getOperation()).isEqualTo("Apply");
        });

        // another manager scales it, then the deployer re-applies 2 replicas: a conflict, which force resolves
        client.apps().deployments().inNamespace(ns).withName("web").scale(4);
        Deployment again = web(ns);
        again.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.28");
        assertThatThrownBy(() -> client.apps().deployments().inNamespace(ns).resource(again).fieldManager("deployer")
                .serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getDetails().getCauses()).singleElement()
                            .satisfies(c -> assertThat(c.getField()).isEqualTo(".spec.replicas"));
                });
        assertThat(stored(ns).getSpec().getReplicas()).isEqualTo(4);
        assertThat(stored(ns).getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");

        Deployment forced = client.apps().deployments().inNamespace(ns).resource(again).fieldManager("deployer")
                .forceConflicts().serverSideApply();
        assertThat(forced.getSpec().getReplicas()).isEqualTo(2);
        assertThat(forced.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28");

        // dropping the sidecar from the applied configuration removes it
        Deployment oneContainer = web(ns);
        oneContainer.getSpec().getTemplate().getSpec().getContainers().remove(1);
        Deployment pruned = client.apps().deployments().inNamespace(ns).resource(oneContainer).fieldManager("deployer")
                .serverSideApply();
        assertThat(pruned.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName)
                .containsExactly("nginx");
        assertThat(pruned.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");

        // server-side apply of a ConfigMap through the typed patch call
        ConfigMap cm = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().addToData("a", "1").build())
                .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("cfg")
                        .build());
        assertThat(cm.getData()).containsEntry("a", "1");
        assertThat(cm.getMetadata().getManagedFields()).extracting(m -> m.getManager()).containsExactly("cfg");
    }

    @Test
    void scaleAndEdit() {
        String ns = SharedApiServer.freshNamespace(client, "scale");
        client.apps().deployments().inNamespace(ns).resource(web(ns)).create();
        var deployment = client.apps().deployments().inNamespace(ns).withName("web");

        Deployment scaled = deployment.scale(5);
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(5);
        assertThat(stored(ns).getSpec().getReplicas()).isEqualTo(5);
        assertThat(deployment.scale().getSpec().getReplicas()).isEqualTo(5);
        assertThat(deployment.scale().getStatus().getSelector()).isEqualTo("app=web");

        long generation = stored(ns).getMetadata().getGeneration();
        Deployment edited = deployment.edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec()
                .editFirstContainer().withImage("nginx:1.29").endContainer().endSpec().endTemplate().endSpec().build());
        assertThat(edited.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.29");
        Deployment after = stored(ns);
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.29");
        assertThat(after.getSpec().getReplicas()).isEqualTo(5);
        assertThat(after.getMetadata().getGeneration()).isEqualTo(generation + 1);
    }

    @Test
    void createOrUpdateAndCreateOrReplace() {
        String ns = SharedApiServer.freshNamespace(client, "createor");
        ConfigMap v1 = new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace(ns).endMetadata()
                .addToData("a", "1").build();
        ConfigMap created = client.configMaps().inNamespace(ns).resource(v1)
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        assertThat(created.getData()).isEqualTo(Map.of("a", "1"));

        ConfigMap v2 = new ConfigMapBuilder(v1).withData(Map.of("a", "2", "b", "3")).build();
        ConfigMap updated = client.configMaps().inNamespace(ns).resource(v2)
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(client.configMaps().inNamespace(ns).withName("cfg").get().getData())
                .isEqualTo(Map.of("a", "2", "b", "3"));

        @SuppressWarnings("deprecation")
        ConfigMap replaced = client.configMaps().inNamespace(ns).resource(
                new ConfigMapBuilder(v1).withData(Map.of("c", "4")).build()).createOrReplace();
        assertThat(replaced.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(client.configMaps().inNamespace(ns).withName("cfg").get().getData()).isEqualTo(Map.of("c", "4"));

        // server-side dry run of an update stores nothing
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder(v1).withData(Map.of("d", "5")).build())
                .dryRun().update();
        assertThat(client.configMaps().inNamespace(ns).withName("cfg").get().getData()).isEqualTo(Map.of("c", "4"));
    }

    @Test
    void deleteWithEachPropagationPolicy() {
        String ns = SharedApiServer.freshNamespace(client, "delete");
        for (String name : new String[]{"background", "foreground", "orphan"}) {
            client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder(web(ns)).editMetadata()
                    .withName(name).endMetadata().build()).create();
        }
        var deployments = client.apps().deployments().inNamespace(ns);

        assertThat(deployments.withName("background").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete())
                .hasSize(1);
        assertThat(deployments.withName("background").get()).isNull();

        // Foreground and Orphan leave the object marked with the finalizer the garbage collector acts on
        deployments.withName("foreground").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        Deployment foreground = deployments.withName("foreground").get();
        assertThat(foreground.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(foreground.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");

        deployments.withName("orphan").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        Deployment orphan = deployments.withName("orphan").get();
        assertThat(orphan.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(orphan.getMetadata().getFinalizers()).containsExactly("orphan");

        // removing the finalizer (what the garbage collector does) completes the deletion
        for (String name : new String[]{"foreground", "orphan"}) {
            deployments.withName(name).edit(d -> new DeploymentBuilder(d).editMetadata().withFinalizers()
                    .endMetadata().build());
            assertThat(deployments.withName(name).get()).isNull();
        }
    }
}
