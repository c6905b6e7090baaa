package io.coxswain.nodeagent.runtime;

/**
 * The engine and the host it runs on.
 *
 * @param name        engine name, e.g. "docker" (goes into {@code containerRuntimeVersion} as name://version)
 * @param version     engine version
 * @param cpus        logical CPUs of the host
 * @param memoryBytes memory of the host
 * @param os          e.g. "linux"
 * @param arch        Kubernetes-style architecture, e.g. "amd64"
 * @param kernel      kernel version
 * @param osImage     operating system description
 */
public record RuntimeInfo(String name, String version, int cpus, long memoryBytes, String os, String arch,
                          String kernel, String osImage) {

    public String versionString() {
        return name + "://" + version;
    }
}
