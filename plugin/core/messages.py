"""Errors and warnings of the engines as message ids with parameters, so the QGIS side can translate them.

An engine raises ``SomeError("code", name=value, …)``; ``str(error)`` is the English template filled in
(for logs, scripts and tests), ``error.code`` and ``error.params`` let the Processing side print the
same message in the user's language (``plugin/engine_messages.py``) with numbers written its way.
Errors raised with a plain sentence (no known code) keep it as their message.
"""


class CodedMessage:
    """A message id, its parameters and its English text."""

    TEMPLATES: dict = {}

    def __init__(self, code, **params):
        self.code = code if code in self.TEMPLATES else None
        self.params = params
        self.text = self.TEMPLATES[code].format(**params) if self.code else str(code)

    def __str__(self):
        return self.text


class CodedError(Exception):
    """Base of engine errors that carry a message id (see the module docstring)."""

    TEMPLATES: dict = {}

    def __init__(self, code, **params):
        self.code = code if code in self.TEMPLATES else None
        self.params = params
        super().__init__(self.TEMPLATES[code].format(**params).strip() if self.code else code)
