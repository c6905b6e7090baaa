package io.coxswain.messages;

import java.time.Instant;

/**
 * A node agent's periodic sign of life, sent over the broker so that liveness costs etcd nothing.
 * Loss-tolerant: the node lifecycle controller decides on the absence of heartbeats over a grace period,
 * never on one missing message.
 *
 * @param nodeName the Node object's name
 * @param sentAt   when the agent sent it (agent clock)
 * @param ready    whether the agent considers its container runtime healthy
 * @param sequence a per-agent counter, so a receiver can tell reordering from silence
 */
public record NodeHeartbeat(String nodeName, Instant sentAt, boolean ready, long sequence) {

    /** The broker destination (a RabbitMQ topic exchange) shared by producer and consumers. */
    public static final String DESTINATION = "coxswain.node-heartbeats";
}
