"""Atomic export of layouts: write beside the target under a temporary name, then rename.

A reader never sees a half-written PDF, and a failed export leaves the previous file
(if any) untouched.
"""

import os
import tempfile
from pathlib import Path

from qgis.core import QgsLayoutExporter, QgsProcessingException, QgsRenderContext
from qgis.PyQt.QtCore import QCoreApplication, QSize


def tr(text):
    return QCoreApplication.translate("VigieLayouts", text)


_ERRORS = {
    QgsLayoutExporter.FileError: "the file cannot be written (folder missing, read-only, or file open elsewhere)",
    QgsLayoutExporter.MemoryError: "not enough memory for this size and resolution (lower DPI)",
    QgsLayoutExporter.PrintError: "the printer/PDF engine failed",
    QgsLayoutExporter.SvgLayerError: "a layer could not be exported",
    QgsLayoutExporter.IteratorError: "the atlas could not run over its coverage layer",
    QgsLayoutExporter.Canceled: "export canceled",
}


def check_output_path(path, kind):
    """Raise a clear QgsProcessingException when ``path`` cannot be written; return it as a Path."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise QgsProcessingException(tr("The {0} output {1} is a folder: give a file name.").format(kind, path))
    if not folder.is_dir():
        raise QgsProcessingException(
            tr("The folder of the {0} output does not exist: {1}. Create it or choose another path.").format(
                kind, folder
            )
        )
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise QgsProcessingException(
            tr("Cannot write the {0} output {1}: permission denied. Choose a folder you can write to.").format(
                kind, path
            )
        )
    return target


def _temporary_beside(target):
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent)
    os.close(handle)
    return Path(temporary)


def _finish(result, temporary, target, kind, error=""):
    if result != QgsLayoutExporter.Success:
        temporary.unlink(missing_ok=True)
        reason = error or _ERRORS.get(result, "unknown error")
        raise QgsProcessingException(tr("The {0} export to {1} failed: {2}.").format(kind, target, reason))
    # mkstemp made the file private (0600): give it the mode a normal write would have.
    if target.exists():
        mode = target.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)
    os.replace(temporary, target)
    return str(target)


def pdf_settings(dpi):
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = float(dpi)
    settings.rasterizeWholeImage = False
    settings.forceVectorOutput = False
    # Real text, not outlines: the PDF stays searchable and its text can be checked.
    settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
    settings.appendGeoreference = True
    settings.exportMetadata = True
    return settings


def export_pdf(layout, path, dpi):
    """One-page or multi-page PDF of ``layout``; returns the path written."""
    target = check_output_path(path, "PDF")
    temporary = _temporary_beside(target)
    result = QgsLayoutExporter(layout).exportToPdf(str(temporary), pdf_settings(dpi))
    return _finish(result, temporary, target, "PDF")


def export_png(layout, path, dpi):
    """PNG of the (single) page of ``layout``; returns the path written."""
    target = check_output_path(path, "PNG")
    temporary = _temporary_beside(target)
    # Rendered and saved here rather than by exportToImage(), which also tries to
    # georeference the PNG through GDAL (noisy, and pointless for a printed page).
    image = QgsLayoutExporter(layout).renderPageToImage(0, QSize(), float(dpi))
    if image.isNull():
        temporary.unlink(missing_ok=True)
        raise QgsProcessingException(
            tr("The PNG export to {0} failed: not enough memory for this resolution (lower DPI).").format(target)
        )
    result = QgsLayoutExporter.Success if image.save(str(temporary), "PNG") else QgsLayoutExporter.FileError
    return _finish(result, temporary, target, "PNG")


def export_atlas_pdf(layout, path, dpi, feedback=None):
    """Every atlas page of ``layout`` in one PDF; returns the path written."""
    target = check_output_path(path, "PDF")
    temporary = _temporary_beside(target)
    result, error = QgsLayoutExporter.exportToPdf(layout.atlas(), str(temporary), pdf_settings(dpi), feedback)
    return _finish(result, temporary, target, "PDF", error)
