"""The meeting workspace: a meeting's agenda, attendance, minutes and actions, its lifecycle,
undo and redo, and the export of its documents.

The main window reaches it through `opening.Workspaces`, which imports the workspace's modules
when the first meeting is opened."""
