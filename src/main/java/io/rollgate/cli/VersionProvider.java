package io.rollgate.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version the jar's manifest carries. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = RollgateCommand.class.getPackage().getImplementationVersion();
    return new String[] {"rollgate " + (v == null ? "dev" : v)};
  }
}
