"""Built-in behaviour, written as plugins any installed plugin can override."""
