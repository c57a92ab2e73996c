"""The rules, by family: each reads `Signals` and returns a `Choice` (or None when it cannot conclude).

`match._choose` runs them in the catalog's order of precedence; a rule that is a single phrase of the service
(one line) is written there, in its place in the order.
"""
