"""What a user does, one transaction each: the CLI and the window both call these."""
