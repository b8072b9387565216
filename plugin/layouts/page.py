"""Page geometry of a Vigie map: paper sizes and the frames of each block, in millimetres.

Plain Python so the arrangement can be checked without rendering. Landscape pages carry
legend and key figures in a column right of the map; portrait pages put them under it.
"""

from dataclasses import dataclass

# (width, height) in portrait, millimetres
PAPER_SIZES = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
# The order of the PAPER enum of the algorithms: a contract, append only.
PAPER_CHOICES = (("A4", "landscape"), ("A4", "portrait"), ("A3", "landscape"), ("A3", "portrait"))

MARGIN = 8.0
GAP = 4.0


@dataclass(frozen=True)
class Frame:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self):
        return self.x + self.width

    @property
    def bottom(self):
        return self.y + self.height


@dataclass(frozen=True)
class PageGeometry:
    paper: str
    orientation: str
    width: float
    height: float
    scale: float  # text and symbol scale relative to A4
    header: Frame
    map: Frame
    legend: Frame
    figures: Frame
    footer: Frame

    @property
    def landscape(self):
        return self.orientation == "landscape"


def page_geometry(paper="A4", orientation="landscape") -> PageGeometry:
    """Frames of title block, map, legend, key figures and footer for a paper and orientation."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper {paper!r}")
    if orientation not in ("landscape", "portrait"):
        raise ValueError(f"unknown orientation {orientation!r}")
    short, long = PAPER_SIZES[paper]
    width, height = (long, short) if orientation == "landscape" else (short, long)
    scale = short / 210.0
    header_height = 20.0 * scale
    footer_height = 13.0 * scale
    header = Frame(MARGIN, MARGIN, width - 2 * MARGIN, header_height)
    footer = Frame(MARGIN, height - MARGIN - footer_height, width - 2 * MARGIN, footer_height)
    body_top = header.bottom + GAP
    body_bottom = footer.y - GAP
    if orientation == "landscape":
        panel_width = 70.0 * scale
        map_frame = Frame(MARGIN, body_top, width - 2 * MARGIN - GAP - panel_width, body_bottom - body_top)
        panel_x = map_frame.right + GAP
        figures_height = 0.36 * map_frame.height
        legend = Frame(panel_x, body_top, panel_width, map_frame.height - figures_height - GAP)
        figures = Frame(panel_x, legend.bottom + GAP, panel_width, figures_height)
    else:
        panel_height = 58.0 * scale
        map_frame = Frame(MARGIN, body_top, width - 2 * MARGIN, body_bottom - body_top - GAP - panel_height)
        panel_y = map_frame.bottom + GAP
        half = (map_frame.width - GAP) / 2
        legend = Frame(MARGIN, panel_y, half, panel_height)
        figures = Frame(MARGIN + half + GAP, panel_y, half, panel_height)
    return PageGeometry(paper, orientation, width, height, scale, header, map_frame, legend, figures, footer)


def nice_scale_bar(map_width_m: float, fraction=0.25):
    """(metres per segment, segment count, unit) for a scale bar about ``fraction`` of the map wide.

    Segments are 1, 2 or 5 × 10^n metres (2.5 is avoided: half-units read badly on paper).
    """
    if not map_width_m or map_width_m <= 0:
        raise ValueError("the map has no width")
    segments = 2
    target = map_width_m * fraction / segments
    magnitude = 10 ** int(f"{target:e}".split("e")[1])
    segment = magnitude
    for step in (1, 2, 5, 10):
        if step * magnitude <= target:
            segment = step * magnitude
    # Kilometres as soon as the bar reaches 1 km: "0 0.5 1 km" reads better than "0 500 1,000 m".
    unit = "km" if segment * segments >= 1000 else "m"
    return float(segment), segments, unit
