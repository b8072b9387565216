"""Plugin identity parsed from metadata.txt without QGIS."""

from vigie.plugin.__about__ import USER_AGENT, __title__, __version__


def test_version_from_metadata():
    assert __title__ == "Vigie"
    assert __version__.count(".") == 2
    assert USER_AGENT.startswith(f"Vigie/{__version__}")
