"""The client list and the client record shown in the main window."""
