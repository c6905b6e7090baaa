package io.coxswain.nodeagent.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodWorkersTest {

    private static final Pod POD = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("u")
            .withResourceVersion("5").endMetadata().withNewSpec().withNodeName("n").addNewContainer().withName("c").withImage("i")
            .endContainer().endSpec().build();

    @Test
    void statusOnlyUpdateDoesNotCauseASync() {
        Pod written = new PodBuilder(POD).editMetadata().withResourceVersion("6").endMetadata()
                .withNewStatus().withPhase("Running").endStatus().build();
        assertThat(PodWorkers.onlyStatusChanged(POD, written)).isTrue();
    }

    @Test
    void deletionOrSpecOrAnnotationChangeCausesASync() {
        assertThat(PodWorkers.onlyStatusChanged(POD, new PodBuilder(POD).editMetadata()
                .withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build())).isFalse();
        assertThat(PodWorkers.onlyStatusChanged(POD, new PodBuilder(POD).editSpec().editFirstContainer().withImage("j")
                .endContainer().endSpec().build())).isFalse();
        assertThat(PodWorkers.onlyStatusChanged(POD, new PodBuilder(POD).editMetadata().addToAnnotations("a", "b")
                .endMetadata().build())).isFalse();
    }
}
