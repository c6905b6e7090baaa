package io.coxswain.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.Map;

/** The media-type parameters kubectl puts in Accept ({@code as}, {@code g}, {@code v}), read as the server needs them. */
class MediaRangesTest {

    @Test
    void typeIsLowerCasedUnderTheEmptyKeyAndParametersKeepTheirCase() {
        assertThat(MediaRanges.parameters("Application/JSON;as=Table;v=v1;g=meta.k8s.io"))
                .containsExactly(Map.entry("", "application/json"), Map.entry("as", "Table"), Map.entry("v", "v1"),
                        Map.entry("g", "meta.k8s.io"));
    }

    @Test
    void spacesAndQuotesAroundParametersAreIgnored() {
        assertThat(MediaRanges.parameters(" application/json ; g = \"apidiscovery.k8s.io\" ;v=v2; as=APIGroupDiscoveryList"))
                .containsEntry("", "application/json")
                .containsEntry("g", "apidiscovery.k8s.io")
                .containsEntry("v", "v2")
                .containsEntry("as", "APIGroupDiscoveryList");
    }

    @Test
    void parameterWithoutValueIsSkipped() {
        assertThat(MediaRanges.parameters("application/json;charset;q=0.9")).containsOnlyKeys("", "q");
    }
}
