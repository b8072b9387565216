"""A Processing feedback that keeps its log, for tests that check what an algorithm said.

qgis is imported when a feedback is made (test modules import this at collection, before QGIS starts).
"""


def recording_feedback():
    """A QgsProcessingFeedback keeping ``infos``, ``warnings`` and both in ``messages`` (in the order said);
    ``text()`` is ``messages`` joined by newlines. It still passes every line on to QGIS's log."""
    from qgis.core import QgsProcessingFeedback

    class Recording(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.infos, self.warnings, self.messages = [], [], []

        def pushInfo(self, info):  # noqa: N802 (Qt name)
            self.infos.append(info)
            self.messages.append(info)
            super().pushInfo(info)

        def pushWarning(self, warning):  # noqa: N802 (Qt name)
            self.warnings.append(warning)
            self.messages.append(warning)
            super().pushWarning(warning)

        def text(self):
            return "\n".join(self.messages)

    return Recording()
