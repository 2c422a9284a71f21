"""Use cases. The UI and the admin command line call these; they check permissions and audit."""
