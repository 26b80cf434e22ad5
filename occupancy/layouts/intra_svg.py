"""The intra's cluster drawings (SVG from its CDN): read as untrusted XML, cleaned to an allowlist, flattened.

A drawing is someone else's file: it is parsed by defusedxml with no DTD at all (so no entity, no
external reference, no billion laughs), walked without recursion to a bounded depth and size, and
only plain geometry and text survive: the elements and attributes of ALLOWED_ELEMENTS and
ALLOWED_ATTRIBUTES, with no value that names a URL or a script. What survives is flattened: every
element's parent group transforms are applied, so the seat finder and the layout see absolute
positions. Nothing of the drawing is ever sent to a page as SVG; the layout is built from the
numbers and texts read here.
"""

import math
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

SVG_NS = "{http://www.w3.org/2000/svg}"
ALLOWED_ELEMENTS = {"svg", "g", "rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text"}
GEOMETRY = {"x", "y", "width", "height", "cx", "cy", "r", "rx", "ry", "x1", "y1", "x2", "y2", "points", "d",
            "viewBox"}
ALLOWED_ATTRIBUTES = GEOMETRY | {"transform", "fill", "stroke", "stroke-width", "font-size", "text-anchor",
                                 "class", "id"}
# A value that could reach anything outside the drawing, or run anything, is dropped whatever its attribute.
UNSAFE_VALUE = re.compile(r"url\s*\(|javascript:|data:|expression\s*\(|[<>]", re.IGNORECASE)
MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_ELEMENTS = 50_000
MAX_TEXT = 100
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
CIRCLE_STEPS = 24  # a circle or ellipse becomes a polygon of this many sides: paths in the layout are lines


class DrawingRefused(ValueError):
    """The drawing cannot be read (its reason is shown on the status page; the layout in use stays)."""


@dataclass
class Box:
    """A rectangle of the drawing with an id, in absolute drawing units: a seat candidate.

    x, y: top-left corner of the unrotated box; rotate: degrees about its centre (as the layout takes it).
    """

    id: str
    x: float
    y: float
    w: float
    h: float
    rotate: float = 0.0


@dataclass
class Drawing:
    boxes: list = field(default_factory=list)  # Box of every rect with an id, in document order
    rects: list = field(default_factory=list)  # Box of every other visible rect (walls, desks, frames)
    paths: list = field(default_factory=list)  # absolute point lists [(x, y), ...] of lines, polygons, paths; closed
    labels: list = field(default_factory=list)  # (text, x, y, rotate): x, y its top-left
    cleaned: Element | None = None  # the allowlisted tree, for whoever wants to check what survived

    def cleaned_svg(self):
        return tostring(self.cleaned, encoding="unicode")


def read_drawing(data, *, max_bytes=MAX_BYTES):
    """Parse, clean and flatten an SVG drawing (bytes); raises DrawingRefused with a one-line reason."""
    if len(data) > max_bytes:
        raise DrawingRefused(f"the drawing is larger than {max_bytes // 1024} KB")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise DrawingRefused(f"the drawing uses a forbidden XML feature ({type(error).__name__})") from None
    except ParseError as error:
        raise DrawingRefused(f"the drawing is not well-formed XML ({error})") from None
    if _name(root) != "svg":
        raise DrawingRefused("the drawing is not an SVG document")
    cleaned = clean(root)
    drawing = Drawing(cleaned=cleaned)
    _flatten(cleaned, drawing)
    return drawing


def clean(root):
    """A copy of the tree holding only allowlisted elements and attributes, depth and size bounded."""
    copy = Element("svg", _attributes(root))
    stack = [(root, copy, 0)]
    count = 0
    while stack:
        source, target, depth = stack.pop()
        if depth >= MAX_DEPTH:
            raise DrawingRefused(f"the drawing nests elements deeper than {MAX_DEPTH}")
        kept = []
        for child in source:
            count += 1
            if count > MAX_ELEMENTS:
                raise DrawingRefused(f"the drawing has more than {MAX_ELEMENTS} elements")
            name = _name(child)
            if name not in ALLOWED_ELEMENTS or name == "svg":
                continue  # script, foreignObject, image, use, style, defs, other namespaces: gone, content too
            element = Element(name, _attributes(child))
            if name == "text":
                element.text = " ".join("".join(child.itertext()).split())[:MAX_TEXT]
            kept.append(element)
            if name == "g":
                stack.append((child, element, depth + 1))
        target.extend(kept)
    return copy


def _name(element):
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.startswith(SVG_NS):
        return tag[len(SVG_NS):]
    return tag if "}" not in tag else ""  # an element of another namespace is never SVG


def _attributes(element):
    kept = {}
    for key, value in element.attrib.items():
        if key in ALLOWED_ATTRIBUTES and not UNSAFE_VALUE.search(value):
            kept[key] = value[:20000]
    return kept


# --- flattening -------------------------------------------------------------------------------


def _flatten(root, drawing):
    stack = [(root, IDENTITY)]
    while stack:
        element, matrix = stack.pop()
        for child in reversed(element):
            child_matrix = _multiply(matrix, parse_transform(child.get("transform", "")))
            if child.tag == "g":
                stack.append((child, child_matrix))
            else:
                _read_shape(child, child_matrix, drawing)
    # The stack walks last child first: put everything back in document order.
    for items in (drawing.boxes, drawing.rects, drawing.paths, drawing.labels):
        items.reverse()


def _read_shape(element, matrix, drawing):
    tag = element.tag
    number = _number_reader(element)
    try:
        if tag == "rect":
            box = _box(matrix, number("x", 0), number("y", 0), number("width"), number("height"))
            if box.w <= 0 or box.h <= 0:
                return
            if element.get("id"):
                box.id = element.get("id")
                drawing.boxes.append(box)
            elif _visible(element):
                drawing.rects.append(box)
        elif tag in ("circle", "ellipse"):
            cx, cy = number("cx", 0), number("cy", 0)
            rx = number("r") if tag == "circle" else number("rx")
            ry = number("r") if tag == "circle" else number("ry")
            points = [(cx + rx * math.cos(2 * math.pi * i / CIRCLE_STEPS),
                       cy + ry * math.sin(2 * math.pi * i / CIRCLE_STEPS)) for i in range(CIRCLE_STEPS)]
            _add_path(drawing, matrix, [points], closed=True, element=element)
        elif tag == "line":
            points = [(number("x1", 0), number("y1", 0)), (number("x2", 0), number("y2", 0))]
            _add_path(drawing, matrix, [points], closed=False, element=element)
        elif tag in ("polyline", "polygon"):
            values = [float(v) for v in NUMBER.findall(element.get("points", ""))]
            points = list(zip(values[0::2], values[1::2], strict=False))
            _add_path(drawing, matrix, [points], closed=tag == "polygon", element=element)
        elif tag == "path":
            _add_path(drawing, matrix, path_points(element.get("d", "")), closed=False, element=element)
        elif tag == "text" and element.text:
            size = number("font-size", 10)
            x, y = apply(matrix, number("x", 0), number("y", 0) - 0.8 * size)  # the layout places a label's top
            drawing.labels.append((element.text, x, y, _angle(matrix)))
    except (TypeError, ValueError):
        return  # a shape with missing or unreadable geometry is left out, as a browser would leave it undrawn


def _number_reader(element):
    def number(key, default=None):
        value = element.get(key)
        if value is None:
            if default is None:
                raise ValueError(key)
            return default
        value = value.strip().removesuffix("px")
        result = float(value)  # "10%" and other units raise: a drawing's seats are in user units
        if not math.isfinite(result):
            raise ValueError(key)
        return result
    return number


def _visible(element):
    return not (element.get("fill", "") == "none" and element.get("stroke", "none") == "none")


def _box(matrix, x, y, w, h):
    """The rectangle under matrix, as a box rotated about its centre (skew is not kept)."""
    cx, cy = apply(matrix, x + w / 2, y + h / 2)
    a, b, c, d, _, _ = matrix
    width = w * math.hypot(a, b)
    height = h * math.hypot(c, d)
    return Box("", cx - width / 2, cy - height / 2, width, height, _angle(matrix))


def _angle(matrix):
    return round(math.degrees(math.atan2(matrix[1], matrix[0])), 3) % 360


def _add_path(drawing, matrix, subpaths, *, closed, element):
    if not _visible(element) and element.tag != "line":
        return
    for points in subpaths:
        if len(points) >= 2:
            absolute = [apply(matrix, x, y) for x, y in points]
            if closed:
                absolute.append(absolute[0])
            drawing.paths.append(absolute)


# --- transforms -------------------------------------------------------------------------------


def parse_transform(text):
    """The SVG transform attribute as a matrix (a, b, c, d, e, f); an unreadable one is the identity."""
    matrix = IDENTITY
    for name, arguments in TRANSFORM.findall(text):
        values = [float(v) for v in NUMBER.findall(arguments)]
        try:
            step = _TRANSFORMS[name](*values)
        except TypeError:  # wrong number of arguments: a browser ignores the whole attribute
            return IDENTITY
        matrix = _multiply(matrix, step)
    return matrix


def _rotate(angle, cx=0.0, cy=0.0):
    r = math.radians(angle)
    cos, sin = math.cos(r), math.sin(r)
    turn = (cos, sin, -sin, cos, 0.0, 0.0)
    return _multiply(_multiply((1, 0, 0, 1, cx, cy), turn), (1, 0, 0, 1, -cx, -cy))


_TRANSFORMS = {
    "matrix": lambda a, b, c, d, e, f: (a, b, c, d, e, f),
    "translate": lambda tx, ty=0.0: (1.0, 0.0, 0.0, 1.0, tx, ty),
    "scale": lambda sx, sy=None: (sx, 0.0, 0.0, sx if sy is None else sy, 0.0, 0.0),
    "rotate": _rotate,
    "skewX": lambda angle: (1.0, 0.0, math.tan(math.radians(angle)), 1.0, 0.0, 0.0),
    "skewY": lambda angle: (1.0, math.tan(math.radians(angle)), 0.0, 1.0, 0.0, 0.0),
}


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e,
            b * e2 + d * f2 + f)


def apply(matrix, x, y):
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


# --- path data --------------------------------------------------------------------------------

PATH_TOKEN = re.compile(r"([MmLlHhVvCcSsQqTtAaZz])|" + NUMBER.pattern)
ARGUMENTS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}


def path_points(d):
    """The subpaths of SVG path data as point lists; a curve is drawn through its end points.

    A floor plan's paths are walls and digits: through their end points they stay recognisable, and
    the layout's own paths are straight lines.
    """
    subpaths, points = [], []
    x = y = start_x = start_y = 0.0
    for command, values in _commands(d):
        upper = command.upper()
        relative = command != upper
        if upper == "Z":
            if len(points) >= 2:
                subpaths.append([*points, (start_x, start_y)])
            x, y = start_x, start_y
            points = [(x, y)]
            continue
        size = ARGUMENTS[upper]
        for index in range(0, len(values) - size + 1, size):
            group = values[index:index + size]
            if upper == "H":
                x = group[0] + (x if relative else 0)
            elif upper == "V":
                y = group[0] + (y if relative else 0)
            else:
                x, y = group[-2] + (x if relative else 0), group[-1] + (y if relative else 0)
            if upper == "M" and index == 0:
                if len(points) >= 2:
                    subpaths.append(points)
                points = []
                start_x, start_y = x, y
            points.append((x, y))
    if len(points) >= 2:
        subpaths.append(points)
    return subpaths


def _commands(d):
    command, values = None, []
    for token in PATH_TOKEN.finditer(d):
        if token.group(1):
            if command:
                yield command, values
            command, values = token.group(1), []
        else:
            values.append(float(token.group(0)))
    if command:
        yield command, values
