"""Command-line tools, and the offline code they share (imported as ``tools.*`` from the
repository root; never built by a runner, so not part of the ``vididi_mm`` package)."""
