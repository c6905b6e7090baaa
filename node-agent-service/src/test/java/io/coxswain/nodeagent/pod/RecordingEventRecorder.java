package io.coxswain.nodeagent.pod;

import io.coxswain.runtime.events.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event, as "name reason message". */
final class RecordingEventRecorder implements EventRecorder {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(HasMetadata object, String fieldPath, String type, String reason, String message) {
        events.add(object.getMetadata().getName() + " " + reason + " " + message);
    }

    List<String> reasons(String podName) {
        return events.stream().filter(e -> e.startsWith(podName + " ")).map(e -> e.split(" ")[1]).toList();
    }
}
