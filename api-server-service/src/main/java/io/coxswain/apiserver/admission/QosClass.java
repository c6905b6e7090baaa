package io.coxswain.apiserver.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's quality-of-service class, computed as Kubernetes' ComputePodQOS (pkg/apis/core/helper/qos) computes it:
 * only cpu and memory count, and only quantities greater than zero; Guaranteed needs a cpu and a memory limit on every
 * container and requests equal to limits. Runs during defaulting, before validation, so it must not fail on a
 * quantity that validation will reject: such a quantity simply does not count.
 */
final class QosClass {

    private static final List<String> QOS_RESOURCES = List.of("cpu", "memory");

    private QosClass() {
    }

    static String of(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        for (Container c : all) {
            Map<String, Quantity> containerRequests = c.getResources() == null ? null : c.getResources().getRequests();
            Map<String, Quantity> containerLimits = c.getResources() == null ? null : c.getResources().getLimits();
            addPositive(containerRequests, requests);
            Set<String> limitsFound = addPositive(containerLimits, limits);
            if (!limitsFound.containsAll(QOS_RESOURCES)) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed) {
            for (Map.Entry<String, BigDecimal> request : requests.entrySet()) {
                BigDecimal limit = limits.get(request.getKey());
                if (limit == null || limit.compareTo(request.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }

    /** Adds the positive cpu and memory quantities to the pod's totals; returns the resources that were added. */
    private static Set<String> addPositive(Map<String, Quantity> quantities, Map<String, BigDecimal> totals) {
        Set<String> found = new HashSet<>();
        if (quantities == null) {
            return found;
        }
        for (String resource : QOS_RESOURCES) {
            BigDecimal amount = amount(quantities.get(resource));
            if (amount != null && amount.signum() > 0) {
                found.add(resource);
                totals.merge(resource, amount, BigDecimal::add);
            }
        }
        return found;
    }

    private static BigDecimal amount(Quantity q) {
        if (q == null) {
            return null;
        }
        try {
            return q.getNumericalAmount();
        } catch (RuntimeException e) {
            return null; // not a quantity: validation reports it
        }
    }
}
