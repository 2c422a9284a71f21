"""Qt widgets, dialogs and models. Talks only to services."""
