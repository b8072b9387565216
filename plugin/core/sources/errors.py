"""Typed errors of the fetchers: each says what went wrong and what the user can do about it."""


class SourceError(Exception):
    """Base of every fetcher error; ``str(error)`` is a message fit for the user."""


class AuthError(SourceError):
    """The service refused the key (401/403) or no key was given."""


class NotFoundError(SourceError):
    """The resource or territory does not exist at that service (404 or empty answer)."""


class RequestError(SourceError):
    """The service rejected the request itself (400 and other 4xx)."""


class UnsupportedTerritoryError(RequestError):
    """The service does not serve this territory (e.g. an overseas code it does not accept); nothing was sent."""


class IncompleteResultError(SourceError):
    """The service could not return the complete list (a cap it applies), and completing it failed."""


class RateLimitedError(SourceError):
    """Still rate limited (429) after the retries."""


class ServiceUnavailableError(SourceError):
    """The service is down, unreachable or timing out (5xx after retries, connection errors)."""


class SourceTimeoutError(ServiceUnavailableError):
    """The service did not answer within the timeout."""


class PayloadError(SourceError):
    """The answer is not what was expected: an HTML page, truncated JSON, missing columns..."""


class UnsafeArchiveError(PayloadError):
    """An archive entry escapes its folder, is a link, or inflates absurdly."""


class CancelledError(SourceError):
    """The user cancelled; nothing was written."""


def unreadable_csv(what):
    """Decorator: a CSV reader's parse errors (bad quoting, encoding, ragged rows) become PayloadError.

    ``what`` names the file for the user ("The BPE file"); other SourceErrors pass unchanged.
    """
    import functools

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            import pandas as pd

            try:
                return function(*args, **kwargs)
            except SourceError:
                raise
            except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError, ValueError) as error:
                first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
                raise PayloadError(f"{what} cannot be read as CSV: {first_line}") from error

        return wrapper

    return decorate
