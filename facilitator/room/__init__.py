"""The room view on the web: what the participants see, served to any number of browsers.

It follows the workshop file as a follower terminal does (the watcher thread of
:mod:`facilitator.control.watch`) and pushes the room's view model
(:mod:`facilitator.control.room`) to every open page with server-sent events.
Read-only: nothing here writes the workshop file. No Textual, no Rich.
"""
