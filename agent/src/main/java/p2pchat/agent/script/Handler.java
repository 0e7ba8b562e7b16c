package p2pchat.agent.script;

import groovy.lang.Closure;

/**
 * What an event word returns ({@code message { ... }}), so that {@code on} can register it: {@code
 * on message { msg -> }} is {@code on(message({ msg -> }))} in Groovy. {@code line} is where it was
 * written, for the error when {@code on} is missing. Immutable.
 */
public record Handler(EventKind kind, Closure<?> closure, int line) {}
