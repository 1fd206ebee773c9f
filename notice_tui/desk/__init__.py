"""The consultant's desk: many profiles at once, what changed, and the protocol.

`status` looks across a folder of profiles, `diff` says what changed between two
versions of one in the notice's terms, and `protocol` builds the record of
processing activities (art. 30) and the processor register from the same facts
the notice is written from.
"""
