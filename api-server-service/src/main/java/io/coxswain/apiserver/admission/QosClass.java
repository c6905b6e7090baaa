package io.coxswain.apiserver.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A pod's quality-of-service class, computed as Kubernetes computes it from cpu and memory requests and limits. */
final class QosClass {

    private QosClass() {
    }

    static String of(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        boolean anySet = false;
        boolean guaranteed = true;
        for (Container c : all) {
            Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
            Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = requests == null ? null : requests.get(resource);
                Quantity limit = limits == null ? null : limits.get(resource);
                if (request != null || limit != null) {
                    anySet = true;
                }
                if (limit == null || (request != null
                        && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) != 0)) {
                    guaranteed = false;
                }
            }
        }
        if (!anySet) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
