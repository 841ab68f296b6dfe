"""The `beamtime` command line: one module per command group, wired up in `cli.main`."""
