"""The error a service raises to refuse an operation; each app names its own."""


class DomainError(Exception):
    """A refused operation: str(error) is the Vietnamese message for the user, shown next to `field` when given."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
