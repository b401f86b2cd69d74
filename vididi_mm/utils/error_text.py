"""One line that says what an exception was, for logs and error messages."""


def describe_error(error: BaseException, limit: int = 300) -> str:
    """The error's type and the first line of its message (decord's messages
    carry a stack trace; a ``MemoryError`` often has no message at all)."""
    lines = str(error).strip().splitlines()
    return f'{type(error).__name__}: {lines[0][:limit] if lines else "(no message)"}'
