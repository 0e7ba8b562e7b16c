package p2pchat.agent.script;

/**
 * One successful load of a script: its instance (the DSL, with the handlers its body registered),
 * what it knows about itself, and the class loader that holds its classes. Replaced as a whole on
 * hot reload; immutable once published.
 */
record LoadedScript(BotScript script, ScriptSetup setup, ScriptClassLoader loader) {

  Handlers handlers() {
    return setup.handlers();
  }

  /** The current class for a stored closure: same name and fingerprint, or another name with it. */
  String classFor(String storedName, String fingerprint) {
    if (fingerprint.equals(setup.fingerprints().get(storedName))) {
      return storedName;
    }
    return setup.fingerprints().entrySet().stream()
        .filter(e -> e.getValue().equals(fingerprint))
        .map(java.util.Map.Entry::getKey)
        .sorted()
        .findFirst()
        .orElse(null);
  }
}
