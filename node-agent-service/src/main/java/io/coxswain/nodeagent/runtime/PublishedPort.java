package io.coxswain.nodeagent.runtime;

/** A container port as the engine actually published it. */
public record PublishedPort(int containerPort, String protocol, String hostIp, int hostPort) {
}
