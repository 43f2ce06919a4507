"""The roster workflow (being written): see the API in the foundation issue."""

from core.services.base import Service


class RosterService(Service):
    pass
