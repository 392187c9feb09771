"""The coordinators' archive: bundles, git, the SQLite archive and its report."""
