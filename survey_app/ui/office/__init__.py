"""The office workflows: roster import, compounds and rounds, sync and conflicts, tallies,
the ranking, printing and settings. `install(window)` adds them to the main window."""
