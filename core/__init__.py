"""Small shared machinery that no app owns. It imports no app of the project."""
