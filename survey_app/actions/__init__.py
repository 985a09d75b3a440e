"""What a user does, one transaction each: the CLI and the window both call these.

Each action is a keyword-only function over an open store (`store=`) that commits once, all or
nothing; the queries both sides show (household counts, round progress) live here too, so
`cli/` and `ui/` hold no SQL and no orchestration of their own. Nothing here words a result
for people or touches Qt: the CLI prints what an action returns, the window shows it.
"""
