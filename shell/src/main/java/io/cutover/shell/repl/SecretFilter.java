package io.cutover.shell.repl;

import java.util.regex.Pattern;

/** Recognises input that carries a password, so it is never written to the history file. */
final class SecretFilter {

  private static final Pattern SECRET = Pattern.compile(
      "(?i)password|passwd|://[^/@\\s:]*:[^@\\s]*@|\\bpassword\\s*=");

  private SecretFilter() {
  }

  static boolean containsSecret(String line) {
    return SECRET.matcher(line).find();
  }
}
