package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.ApiServerProperties;
import io.coxswain.apiserver.storage.EtcdStore;
import io.coxswain.apiserver.storage.StorageUnavailableException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /version} and the Kubernetes-style health endpoints {@code /healthz}, {@code /livez}, {@code /readyz}. */
@RestController
class ServerEndpoints {

    private final ApiServerProperties properties;
    private final EtcdStore store;
    private final io.coxswain.apiserver.registry.ObjectCodec codec;

    ServerEndpoints(ApiServerProperties properties, EtcdStore store, io.coxswain.apiserver.registry.ObjectCodec codec) {
        this.properties = properties;
        this.store = store;
        this.codec = codec;
    }

    /** The minor version here picks the kubectl binary on machines with the kubectl version dispatcher. */
    @GetMapping("/version")
    ResponseEntity<byte[]> version() {
        String v = properties.kubernetesVersion();
        String[] parts = v.replaceFirst("^v", "").split("\\.");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("major", parts[0]);
        body.put("minor", parts.length > 1 ? parts[1] : "0");
        body.put("gitVersion", v + "-coxswain");
        body.put("gitCommit", "");
        body.put("gitTreeState", "clean");
        body.put("buildDate", "");
        body.put("goVersion", "java" + Runtime.version().feature());
        body.put("compiler", "javac");
        body.put("platform", System.getProperty("os.name").toLowerCase() + "/" + arch());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(codec.toJson(body));
    }

    @GetMapping({"/healthz", "/livez"})
    ResponseEntity<String> live() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("ok");
    }

    /** Ready when etcd answers: the api-server can serve nothing without it. */
    @GetMapping("/readyz")
    ResponseEntity<String> ready() {
        try {
            store.currentRevision();
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("ok");
        } catch (StorageUnavailableException e) {
            return ResponseEntity.status(503).contentType(MediaType.TEXT_PLAIN)
                    .body("[-]etcd failed: " + e.getMessage() + "\nreadyz check failed");
        }
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
