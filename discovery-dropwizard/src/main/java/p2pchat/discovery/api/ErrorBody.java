package p2pchat.discovery.api;

/** Every error answer: the HTTP status again and one line saying what was wrong. Immutable. */
public record ErrorBody(int code, String message) {}
