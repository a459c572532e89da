"""Use cases of MVidarr, one module each, called by the web API, the CLI and tasks."""
