package io.coxswain.nodeagent.probe;

public enum ProbeResult { SUCCESS, FAILURE, UNKNOWN }
