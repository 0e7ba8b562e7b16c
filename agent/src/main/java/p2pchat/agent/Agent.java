package p2pchat.agent; public final class Agent {}
