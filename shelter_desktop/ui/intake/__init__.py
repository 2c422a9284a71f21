"""The staged intake for a new client: section forms, dependants, and the intake window."""
