package io.coxswain.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageKeysTest {

    @ParameterizedTest(name = "{1} under {0} -> {2}")
    @CsvSource({
            "/registry,  /registry/pods/default/web,       pods",
            "/registry,  /registry/nodes/node-1,           nodes",
            "/registry,  /registry/deployments/,           deployments",
            "/registry,  /registry/leases,                 leases",
            "/registry/, /registry/events/default/e1,      events",
            "/coxswain/registry, /coxswain/registry/secrets/ns/s, secrets",
            "/registry,  /registry/,                       unknown",
            "/registry,  /registryx/pods/a,                unknown",
            "/registry,  /other/pods/a,                    unknown",
    })
    void resourceIsTheFirstSegmentAfterThePrefix(String prefix, String key, String resource) {
        assertThat(StorageKeys.resourceOf(prefix, key)).isEqualTo(resource);
    }
}
