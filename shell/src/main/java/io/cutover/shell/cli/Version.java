package io.cutover.shell.cli;

/** The version from the jar's manifest, or "development" when run from classes. */
final class Version {
  private Version() {
  }

  static String text() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "(development build)" : v;
  }
}
