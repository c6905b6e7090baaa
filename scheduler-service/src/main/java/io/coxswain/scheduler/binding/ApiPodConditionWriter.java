package io.coxswain.scheduler.binding;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code PodScheduled=False/Unschedulable} with a JSON merge patch on {@code pods/{name}/status}. The patch
 * carries the whole conditions list (built from the informer's copy with ours replaced) and no resourceVersion, so a
 * concurrent status writer costs at most a stale copy of the other conditions, which the next write repairs. An
 * unchanged condition is not written again, so repeated attempts do not churn the pod.
 */
public final class ApiPodConditionWriter implements PodConditionWriter {

    private static final Logger log = LoggerFactory.getLogger(ApiPodConditionWriter.class);

    private final KubernetesClient client;
    private final Clock clock;

    public ApiPodConditionWriter(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void markUnschedulable(Pod pod, String message) {
        List<PodCondition> current = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of() : pod.getStatus().getConditions();
        PodCondition existing = current.stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst()
                .orElse(null);
        if (existing != null && "False".equals(existing.getStatus())
                && REASON_UNSCHEDULABLE.equals(existing.getReason()) && message.equals(existing.getMessage())) {
            return;
        }
        String transition = existing != null && "False".equals(existing.getStatus())
                && existing.getLastTransitionTime() != null
                ? existing.getLastTransitionTime()
                : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        List<PodCondition> conditions = new ArrayList<>(current);
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                .withReason(REASON_UNSCHEDULABLE).withMessage(message).withLastTransitionTime(transition)
                .withLastProbeTime(null).build());
        Pod patched = new PodBuilder()
                .withNewMetadata().withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).endMetadata()
                .withNewStatus().withConditions(conditions).endStatus()
                .build();
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(patched).patchStatus();
        } catch (KubernetesClientException e) {
            log.warn("could not write PodScheduled condition pod={}/{} code={}: {}",
                    pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getCode(), e.getMessage());
        }
    }
}
