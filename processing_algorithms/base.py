"""The small base every Vigie algorithm stands on: translation, help, groups, styled outputs,
one safe write path and one parameter-check layer.

Safe write path (automatic, nothing to call). Inside ``processAlgorithm``, ``self.parameterAsSink(...)``
and ``self.parameterAsFileOutput(...)`` on a plain local file (``out.gpkg``, ``map.pdf``…) hand out a
temporary twin beside the target (``out-vigie-tmp-<pid>-<token>.gpkg``; same folder, so the final
``os.replace`` is atomic). When ``processAlgorithm`` returns, every twin is checked — vector: opens with
OGR, has the layer, holds as many features as the sink accepted, SQLite ``quick_check``; PDF/PNG/ZIP…:
header and trailer — then renamed onto its target with its sidecars (.qmd), and the returned results and
layers-to-load point at the target. On an exception, a cancel (``feedback.isCanceled()``; the algorithm
may return ``{}`` as before) or a failed check, every twin is deleted: the target is untouched (an
earlier file stays byte-identical) and no temporary file remains; SIGTERM or Ctrl-C (SIGINT) in qgis_process or
a script removes the twins before the run stops; stale twins of SIGKILLed runs are removed when the next run
writes the same target. A sink that refuses a feature (disk full, read-only…) raises
at once. Failures are ``QgsProcessingException("OUTPUT was not written: <cause>…")``. ``memory:``,
``TEMPORARY_OUTPUT``, provider URIs and ``|layername=`` destinations go to QGIS unchanged. Algorithms keep
their usual code::

    sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, wkb_type, crs)
    ...                  # add features, checking feedback.isCanceled() in the loop
    del sink             # close the writer before style_output()
    self.style_output(dest_id, context, apply_style)   # style + provenance land in the final file
    return {self.OUTPUT: dest_id}                      # rewritten to the final path

    pdf = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)  # a twin path, same suffix
    exporter.exportToPdf(pdf, settings); return {self.OUTPUT_PDF: pdf}      # rewritten to the final path

An algorithm that writes a file step by step and resumes from it (``vigie:fetchterritory``: each layer
replaced atomically inside the GeoPackage) names that output in ``IN_PLACE_OUTPUTS``: it gets the
target path itself, and its own writer keeps the same promises.

Any other exception from ``processAlgorithm`` becomes a ``QgsProcessingException`` with its cause; the
traceback goes to the QGIS message log (tab "Vigie"), never to the user.

Check layer (``checkParameterValues``, and again when the run starts, so models and scripts that skip
the dialog are covered). For every parameter, with messages naming it: numbers finite and within the
definition's bounds; layers of the geometry type the parameter takes, readable (a damaged GeoPackage is
"not a readable GeoPackage"); every named field present on its parent layer with the type the field
parameter asks; outputs in an existing, writable folder, with an extension QGIS can write, and never
the path of an input. Subclasses add their own checks by overriding ``check_values(parameters,
context)`` → error message or ``""``.
"""

import functools
import re
import traceback
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsFeatureSink,
    QgsMessageLog,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
    QgsProperty,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QThread
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtXml import QDomDocument

from ..plugin.__about__ import PLUGIN_ROOT, __homepage__
from ..plugin.help_markup import markdown_to_html
from ..plugin.i18n import user_language
from ..plugin.qgis_bridge import ogr_file_and_layer
from ..plugin.styles import style_name
from . import safe_output
from .checks import parameter_problem

HELP_FOLDER = PLUGIN_ROOT / "resources" / "help"


def release_deferred_deletes():
    """Run now the deletions QGIS leaves to an event loop, when no event loop will ever run them.

    QGIS hands the OGR connections of a run's layers to deleteLater(). A script, a worker or the soak
    runner calling processing.run() in a loop never returns to an event loop, so every run kept each
    input file open (one handle per input per run) with its caches: the road diagnostic model grew
    about 5 MB a run. Only in the main thread with no event loop running: QGIS desktop and
    qgis_process run their loop and Qt deletes these objects itself, at a point it knows is safe.
    """
    application = QCoreApplication.instance()
    here = QThread.currentThread()
    if application is None or here is not application.thread() or here.loopLevel() > 0:
        return
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _group_names():
    # Built on demand, never at import time, so the translator installed by the plugin applies.
    return {
        "fetch": QCoreApplication.translate("VigieAlgorithm", "Fetch open data"),
        "travel_time": QCoreApplication.translate("VigieAlgorithm", "Travel time"),
        "indicators": QCoreApplication.translate("VigieAlgorithm", "Indicators"),
        "maps": QCoreApplication.translate("VigieAlgorithm", "Maps"),
        "diagnostics": QCoreApplication.translate("VigieAlgorithm", "Diagnostics"),
        "publish": QCoreApplication.translate("VigieAlgorithm", "Publish"),
    }


def read_help(algorithm_name: str, language: str) -> str:
    """Help of an algorithm from resources/help/<lang>/<name>.md as HTML, English as fallback."""
    for lang in (language, "en"):
        path = HELP_FOLDER / lang / f"{algorithm_name}.md"
        if path.exists():
            return markdown_to_html(path.read_text(encoding="utf-8"))
    return ""


class VigieAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set ALGORITHM_NAME and GROUP_ID, and implement displayName, initAlgorithm, processAlgorithm.

    Only constants live on the class: Processing runs copies made by createInstance().
    """

    ALGORITHM_NAME = ""
    GROUP_ID = ""
    IN_PLACE_OUTPUTS = ()  # outputs the algorithm writes atomically itself, step by step (see the docstring)

    def __init__(self):
        super().__init__()
        # Post-processors must outlive processAlgorithm(): QGIS only keeps a raw pointer.
        self._post_processors = []
        self._pending_outputs = []  # _PendingOutput of the run in progress
        self._safe_depth = 0  # > 0 while processAlgorithm runs under the safe write path

    def __init_subclass__(cls, **kwargs):
        """Put every subclass's own processAlgorithm under the safe write path (see the module docstring)."""
        super().__init_subclass__(**kwargs)
        process = cls.__dict__.get("processAlgorithm")
        if process is None or getattr(process, "_vigie_safe", False):
            return

        @functools.wraps(process)
        def safe_process(self, parameters, context, feedback):
            return self._run_safely(process, parameters, context, feedback)

        safe_process._vigie_safe = True
        cls.processAlgorithm = safe_process

    def tr(self, text):
        # pylupdate5 files a self.tr() string under the class whose body holds the call, which is
        # a base class (e.g. FetchAlgorithm) for inherited code: look it up along the MRO.
        for cls in type(self).__mro__:
            translated = QCoreApplication.translate(cls.__name__, text)
            if translated != text or cls is VigieAlgorithm:
                return translated
        return text

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self.ALGORITHM_NAME

    def group(self):
        return _group_names()[self.GROUP_ID]

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def icon(self):
        return QIcon(str(PLUGIN_ROOT / "resources" / "icon.svg"))

    def shortHelpString(self):  # noqa: N802
        return read_help(self.ALGORITHM_NAME, user_language())

    def helpUrl(self):  # noqa: N802
        language = "fr" if user_language() == "fr" else "en"
        return f"{__homepage__}/blob/main/resources/help/{language}/{self.ALGORITHM_NAME}.md"

    # -- helpers for subclasses -------------------------------------------------

    def add_parameter(self, parameter, help_text=None, advanced=False):
        """addParameter with its help text and, for secondary parameters, the advanced flag."""
        if help_text:
            parameter.setHelp(help_text)
        if advanced:
            parameter.setFlags(parameter.flags() | parameter.FlagAdvanced)
        self.addParameter(parameter)

    def add_number_parameter(
        self, name, label, default, help_text, minimum=None, maximum=None, integer=False, optional=False, advanced=False
    ):
        """A decimal (or ``integer``) number parameter, within ``minimum`` and ``maximum`` when given."""
        kind = QgsProcessingParameterNumber.Integer if integer else QgsProcessingParameterNumber.Double
        parameter = QgsProcessingParameterNumber(name, label, kind, default, optional)
        if minimum is not None:
            parameter.setMinimum(minimum)
        if maximum is not None:
            parameter.setMaximum(maximum)
        self.add_parameter(parameter, help_text, advanced)

    def add_field_parameter(self, name, label, parent, help_text, default=None):
        """An optional field of the layer parameter ``parent``, of any type, ``default`` when left empty."""
        parameter = QgsProcessingParameterField(
            name, label, default, parent, QgsProcessingParameterField.Any, optional=True
        )
        self.add_parameter(parameter, help_text)

    def style_output(self, dest_id, context, apply_style):
        """Style and document an output layer, both in the written file and when QGIS loads it.

        ``apply_style(layer)`` sets renderer and metadata. Call after the sink is closed
        (``del sink``): a GeoPackage output then carries the style as its default, so the
        analyst opening a file made by qgis_process sees the same map as the desktop user.
        """
        layer = QgsProcessingUtils.mapLayerFromString(dest_id, context)
        if layer is None:
            return
        apply_style(layer)
        if isinstance(layer, QgsVectorLayer) and layer.providerType() == "ogr" and _is_geopackage(layer.source()):
            layer.saveStyleToDatabase(style_name(layer.name()), "Vigie", True, "")
            save_metadata_with_file(layer)
        pending = next((p for p in self._pending_outputs if p.dest_id == dest_id), None)
        if pending is not None:
            pending.apply_style = apply_style  # registered with the final file when it is committed
        elif context.willLoadLayerOnCompletion(dest_id):
            post_processor = _ApplyStyle(apply_style)
            self._post_processors.append(post_processor)
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(post_processor)

    @staticmethod
    def require(condition, message):
        if not condition:
            raise QgsProcessingException(message)

    # -- check layer ------------------------------------------------------------------------------

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """Vigie's checks (see the module docstring), then QGIS's: refuse bad input before any work.

        Vigie's come first: they say what is wrong and what to do where QGIS only says
        "Incorrect parameter value for TOLERANCE".
        """
        message = self.vigie_parameter_problem(parameters, context)
        if message:
            return False, message
        return super().checkParameterValues(parameters, context)

    def vigie_parameter_problem(self, parameters, context):
        """The first problem found by the check layer and ``check_values``, as a message; "" when none."""
        for definition in self.parameterDefinitions():
            message = parameter_problem(self, definition, parameters, context)
            if message:
                return message
        return self.check_values(parameters, context) or ""

    def check_values(self, parameters, context):
        """Override for checks of one algorithm (e.g. several parameters together). Returns a message or ""."""
        return ""

    # -- safe write path --------------------------------------------------------------------------

    def parameterAsSink(self, parameters, name, context, *args, **kwargs):  # noqa: N802
        """QGIS's parameterAsSink, writing a local file through a checked temporary twin (module docstring)."""
        final_value = destination_string(parameters.get(name), context)
        final = safe_output.output_file_target(final_value) if self._safe_depth else None
        if final is None or "'" in str(final) or '"' in final.stem:
            return super().parameterAsSink(parameters, name, context, *args, **kwargs)
        fields = args[0] if args else kwargs.get("fields")
        too_many = fields is not None and fields.count() >= safe_output.GEOPACKAGE_MAX_COLUMNS
        if final.suffix.lower() == ".gpkg" and too_many:
            raise QgsProcessingException(
                self.tr("{0} cannot be written: {1} fields, a GeoPackage holds at most {2}. {3}").format(
                    name, fields.count(), safe_output.GEOPACKAGE_MAX_COLUMNS - 1, self.tr("Ask for fewer columns.")
                )
            )
        safe_output.remove_stale_twins(final)
        twin = safe_output.temporary_twin(final)
        layer_name = None
        if final.suffix.lower() == ".gpkg":
            # The layer keeps the target's name, as when QGIS writes out.gpkg directly (layer "out").
            layer_name = final.stem
            twin_value = f"ogr:dbname='{twin}' table=\"{layer_name}\" (geom)"
        else:
            twin_value = str(twin)
        pending = _PendingOutput(name, final, twin, final_value, layer_name, vector=True)
        value = parameters.get(name)
        if isinstance(value, QgsProcessingOutputLayerDefinition) and value.destinationProject is not None:
            label = value.destinationName or self.parameterDefinition(name).description()
            pending.load = (label, value.destinationProject)
        self._pending_outputs.append(pending)
        try:
            sink, dest_id = super().parameterAsSink(
                _with_destination(parameters, name, twin_value), name, context, *args, **kwargs
            )
        except QgsProcessingException as error:
            safe_output.discard_twin(twin)
            cause = safe_output.with_context(safe_output.cause_of(error) or "the file was not written", final.parent)
            raise QgsProcessingException(
                self.tr("{0} was not written: {1}. The earlier file, if any, is unchanged.").format(
                    name, safe_output.translated_cause(cause)
                )
            ) from None
        pending.dest_id = dest_id
        if sink is None:
            return None, dest_id
        return _CheckedSink(sink, pending, self.tr), dest_id

    def parameterAsFileOutput(self, parameters, name, context):  # noqa: N802
        """QGIS's parameterAsFileOutput; a local file is written as a twin, checked and renamed at the end."""
        path = super().parameterAsFileOutput(parameters, name, context)
        raw = destination_string(parameters.get(name), context)
        if not self._safe_depth or raw in (None, "", "TEMPORARY_OUTPUT") or name in self.IN_PLACE_OUTPUTS:
            return path
        for pending in self._pending_outputs:
            if pending.name == name and not pending.vector:
                return str(pending.twin)
        final = safe_output.output_file_target(path)
        if final is None:
            return path
        safe_output.remove_stale_twins(final)
        twin = safe_output.temporary_twin(final)
        pending = _PendingOutput(name, final, twin, path, None, vector=False)
        pending.dest_id = str(twin)
        self._pending_outputs.append(pending)
        return str(twin)

    def shown_path(self, path):
        """The path to name in messages: the target of a twin handed out in this run (the user never
        sees the temporary name), else ``path`` itself."""
        for pending in self._pending_outputs:
            if str(pending.twin) == str(path):
                return str(pending.final)
        return str(path)

    def _run_safely(self, process, parameters, context, feedback):
        if self._safe_depth:  # a subclass calling super().processAlgorithm(): the outer call commits
            return process(self, parameters, context, feedback)
        message = self.vigie_parameter_problem(parameters, context)
        if message:
            raise QgsProcessingException(message)
        self._pending_outputs = []
        self._safe_depth += 1
        terminate_guard = safe_output.TwinsRemovedOnTerminate(lambda: [p.twin for p in self._pending_outputs])
        try:
            with terminate_guard:
                results = process(self, parameters, context, feedback)
                if feedback is not None and feedback.isCanceled():
                    self._discard_outputs(context)
                    names = {pending.name for pending in self._pending_outputs}
                    return {key: value for key, value in (results or {}).items() if key not in names}
                with terminate_guard.committing():
                    return self._commit_outputs(results or {}, context, feedback)
        except QgsProcessingException:
            self._discard_outputs(context)
            raise
        except MemoryError:
            self._discard_outputs(context)
            raise QgsProcessingException(
                self.tr(
                    "Not enough memory for {0}. Nothing was written. Try a smaller area or fewer features, "
                    "or lower TOLERANCE / MAX_TIME."
                ).format(self.displayName())
            ) from None
        except Exception as error:  # noqa: BLE001 - reported as the algorithm's failure, details logged
            self._discard_outputs(context)
            details = traceback.format_exc()
            QgsMessageLog.logMessage(details, "Vigie", Qgis.Critical)
            raise QgsProcessingException(
                self.tr("{0} failed: {1} ({2}). Nothing was written; the details are in the log (Vigie tab).").format(
                    self.displayName(), str(error) or type(error).__name__, type(error).__name__
                )
            ) from None
        except KeyboardInterrupt:  # Ctrl-C: QGIS would print its traceback as the failure
            self._discard_outputs(context)
            said = self.tr("{0} was interrupted (Ctrl-C). Nothing was written; an earlier file, if any, is unchanged.")
            raise QgsProcessingException(said.format(self.displayName())) from None
        except BaseException:  # SystemExit…: the run stops, its twins go
            self._discard_outputs(context)
            raise
        finally:
            self._safe_depth -= 1
            self._pending_outputs = [] if self._safe_depth == 0 else self._pending_outputs
            if self._safe_depth == 0:
                release_deferred_deletes()

    def _load_on_completion(self, pending, context):
        """What QGIS's parameterAsSink does for an output to load, for the final file instead of the twin."""
        label, project = pending.load
        details = QgsProcessingContext.LayerDetails(label, project, pending.name, QgsProcessingUtils.LayerHint.Vector)
        if pending.apply_style is not None:
            post_processor = _ApplyStyle(pending.apply_style)
            self._post_processors.append(post_processor)
            details.setPostProcessor(post_processor)
        context.addLayerToLoadOnCompletion(pending.final_value, details)

    def _release(self, pending, context):
        """Drop the layers QGIS opened on a twin (style_output), so no connection holds it any more."""
        store = context.temporaryLayerStore()
        twin = str(pending.twin)
        for layer_id, layer in list(store.mapLayers().items()):
            if layer.source().split("|")[0] == twin:
                # QGIS pools OGR connections by file name and frees idle ones only from its event loop:
                # each run's twin has a new name, so without this a script or worker running algorithms
                # in a loop kept every twin's connection and cache (about 3 MB a run on the sample).
                if layer.dataProvider() is not None:
                    layer.dataProvider().invalidateConnections(layer.source())
                store.removeMapLayer(layer_id)

    def _discard_outputs(self, context):
        for pending in self._pending_outputs:
            self._release(pending, context)
            safe_output.discard_twin(pending.twin)

    def _commit_outputs(self, results, context, feedback):
        problems = []
        for pending in self._pending_outputs:
            self._release(pending, context)
            if results.get(pending.name) in (None, ""):
                continue  # not produced (optional output, or left out by the algorithm)
            problem = pending.error
            if not problem and pending.vector:
                problem = safe_output.vector_problem(pending.twin, pending.layer_name, pending.added)
            elif not problem:
                problem = safe_output.file_problem(pending.twin)
            if problem:
                problems.append((pending.name, safe_output.with_context(problem, pending.final.parent)))
        if problems:
            self._discard_outputs(context)
            name, problem = problems[0]
            raise QgsProcessingException(
                self.tr("{0} was not written: {1}. The earlier file, if any, is unchanged.").format(
                    name, safe_output.translated_cause(problem)
                )
            )
        committed = {}
        for pending in self._pending_outputs:
            if results.get(pending.name) in (None, ""):
                safe_output.discard_twin(pending.twin)
                continue
            try:
                safe_output.commit_twin(pending.twin, pending.final)
            except OSError as error:
                self._discard_outputs(context)
                raise QgsProcessingException(
                    self.tr("{0} was not written: {1}. The earlier file, if any, is unchanged.").format(
                        pending.name, safe_output.translated_cause(safe_output.os_error_cause(error))
                    )
                ) from None
            committed[pending.dest_id] = pending.final_value
            committed[str(pending.twin)] = pending.final_value
            if pending.load is not None:
                self._load_on_completion(pending, context)
        return _redirect(results, committed)


class _PendingOutput:
    """One output written through a twin during the run in progress."""

    def __init__(self, name, final, twin, final_value, layer_name, vector):
        self.name, self.final, self.twin, self.final_value = name, final, twin, final_value
        self.layer_name, self.vector = layer_name, vector
        self.dest_id = None
        self.added = 0  # features the sink accepted
        self.error = ""  # first write error reported by the sink
        self.load = None  # (layer name, project) when QGIS is to load the final file
        self.apply_style = None  # given to style_output, applied again when QGIS loads the layer


class _CheckedSink(QgsFeatureSink):
    """The QGIS sink, counting accepted features and raising at the first refused one (disk full…)."""

    def __init__(self, sink, pending, tr):
        super().__init__()
        self._sink, self._pending, self._tr = sink, pending, tr

    def addFeature(self, feature, flags=None):  # noqa: N802
        return self._checked(self._sink.addFeature(feature, _flags(flags)), 1)

    def addFeatures(self, features, flags=None):  # noqa: N802
        if not isinstance(features, list):
            features = list(features)
        return self._checked(self._sink.addFeatures(features, _flags(flags)), len(features))

    def flushBuffer(self):  # noqa: N802
        return self._checked(self._sink.flushBuffer(), 0)

    def lastError(self):  # noqa: N802
        return self._sink.lastError()

    def _checked(self, ok, count):
        if isinstance(ok, tuple):  # addFeatures returns (ok, features) in PyQGIS
            ok = ok[0]
        if ok:
            self._pending.added += count
            return True
        error = self._sink.lastError() or ""
        self._pending.error = safe_output.cause_of(error) or error or "the writer refused a feature"
        raise QgsProcessingException(
            self._tr("{0} was not written: {1}. The earlier file, if any, is unchanged.").format(
                self._pending.name, safe_output.translated_cause(self._pending.error)
            )
        )

    def __getattr__(self, name):
        return getattr(self._sink, name)


def _flags(flags):
    return QgsFeatureSink.Flags() if flags is None else flags


def destination_string(value, context):
    """The destination text of an output parameter value (string, QgsProperty or output definition)."""
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProperty):
        text, ok = value.valueAsString(context.expressionContext(), "")
        return text if ok else None
    return value if isinstance(value, str) else None


def _with_destination(parameters, name, destination):
    """A copy of ``parameters`` where output ``name`` goes to ``destination`` (load-on-completion kept)."""
    value = parameters.get(name)
    changed = dict(parameters)
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        definition = QgsProcessingOutputLayerDefinition(value)
        definition.sink = QgsProperty.fromValue(destination)
        definition.destinationProject = None  # the final file is registered for loading, once committed
        changed[name] = definition
    else:
        changed[name] = destination
    return changed


def _redirect(results, committed):
    """Results pointing at the final files instead of the twins."""
    return {k: committed.get(v, v) if isinstance(v, str) else v for k, v in results.items()}


def missing_output_folder(value):
    """The parent folder of an output file path when it does not exist, else None.

    Provider URIs (memory:, ogr:, postgres://…) and TEMPORARY_OUTPUT are left to QGIS.
    """
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink.staticValue()
    if not isinstance(value, str) or not value or re.match(r"^[A-Za-z][A-Za-z0-9_]+:", value):
        return None
    folder = Path(value.split("|")[0]).parent
    return None if folder.is_dir() else folder


def save_metadata_with_file(layer):
    """Keep an output's metadata (provenance) inside its GeoPackage, where QGIS reads it on loading.

    ``saveDefaultMetadata`` fails on QGIS 3.22 for a GeoPackage addressed without its layer name,
    so the provider registry is asked directly with ``<file>|layername=<layer>``. Should that fail
    too, the metadata goes to the <name>.qmd file beside it, which QGIS also reads.
    """
    path, layer_name = ogr_file_and_layer(layer.source())
    layer_name = layer_name or path.stem
    saved, _ = QgsProviderRegistry.instance().saveLayerMetadata(
        "ogr", f"{path}|layername={layer_name}", layer.metadata()
    )
    if saved:
        return
    document = QDomDocument("qgis")
    layer.exportNamedMetadata(document, "")
    sidecar = path.with_suffix(".qmd")
    partial = sidecar.with_name(sidecar.name + ".part")
    partial.write_text(document.toString(), encoding="utf-8")
    partial.replace(sidecar)


def _is_geopackage(source: str) -> bool:
    return Path(source.split("|")[0]).suffix.lower() == ".gpkg"


class _ApplyStyle(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, apply_style):
        super().__init__()
        self._apply_style = apply_style

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        self._apply_style(layer)
        layer.triggerRepaint()
