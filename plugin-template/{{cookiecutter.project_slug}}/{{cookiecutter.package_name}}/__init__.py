"""{{cookiecutter.plugin_name}}: an MVidarr plugin. The hooks live in `plugin`."""
