"""The service-plan screen of a client record: the editor, its dialogs and printing."""
