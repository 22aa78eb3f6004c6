# Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
"""Mutants of a C++ source file, found on its clang AST (libclang 14).

Each operator works on a real expression or statement, never on text that
merely looks like one: the AST says where a condition, a call or a literal
is, and the tokens inside its extent say where its operator is. A mutant is
one replacement of a byte range of the file. The operators (docs/
conformance.md, "Mutation testing"):

  boundary   <  <=  >  >= moved by one:  < to <=, <= to <, > to >=, >= to >
  equality   == to !=, != to ==
  logic      && to ||, || to &&
  arith      + to -, - to + (integers only)
  negate     the condition of an if, while or for is negated: c to !(c)
  not        a logical not is dropped: !e to e
  skip-check an if without else whose branch returns is removed, and so is
             an IMREF_CHECK / IMREF_TRY-less check statement: the check skipped
  remove     an expression statement (a call, an assignment, ++/--) is removed
  swap-args  the first two arguments of a call, of the same type, swapped
  const      an integer literal n to n+1 and to n-1

Left alone, because no input can tell the mutant from the original through
any protocol operation:
  - code that a deliberate defect switch guards (an if whose condition calls
    defects::on): it only runs when a test turns the defect on;
  - capacity hints (reserve, shrink_to_fit) and the wiping of secrets
    (secure_wipe and calls to it): they change memory, not results; the
    unit tests check wiping (docs/spec.md REQ-CRYPTO-* and REQ-MESSAGE-9).
"""

import hashlib
import re
from dataclasses import dataclass

from clang import cindex

CK = cindex.CursorKind

BOUNDARY = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
EQUALITY = {"==": "!=", "!=": "=="}
LOGIC = {"&&": "||", "||": "&&"}
ARITH = {"+": "-", "-": "+"}
INTEGER_TYPES = {
    cindex.TypeKind.INT, cindex.TypeKind.UINT, cindex.TypeKind.LONG, cindex.TypeKind.ULONG,
    cindex.TypeKind.LONGLONG, cindex.TypeKind.ULONGLONG, cindex.TypeKind.SHORT,
    cindex.TypeKind.USHORT, cindex.TypeKind.CHAR_U, cindex.TypeKind.UCHAR,
    cindex.TypeKind.CHAR_S, cindex.TypeKind.SCHAR,
}
CHECK_MACRO = re.compile(r"^IMREF_CHECK\s*\(")
UNOBSERVABLE_CALLS = {"reserve", "shrink_to_fit", "secure_wipe"}
UNOBSERVABLE_FUNCTIONS = {"secure_wipe"}


@dataclass
class Mutant:
    id: str          # stable: file stem and a hash of what and where (not the line)
    path: str        # relative to the repository
    layer: str
    operator: str
    line: int
    function: str
    start: int       # byte range of the file that is replaced
    end: int
    original: str
    replacement: str

    def apply(self, text: bytes) -> bytes:
        return text[: self.start] + self.replacement.encode() + text[self.end:]


def _compile_args(entry):
    """The -I, -isystem, -D and -std flags of a compile_commands.json entry."""
    args = entry.get("arguments") or entry["command"].split()
    keep, i = [], 0
    while i < len(args):
        a = args[i]
        if a in ("-I", "-isystem", "-D") and i + 1 < len(args):
            keep += [a, args[i + 1]]
            i += 2
            continue
        if a.startswith(("-I", "-D", "-std=", "-isystem")):
            keep.append(a)
        i += 1
    return keep


class _Walker:
    def __init__(self, path, rel, layer, data):
        self.path, self.rel, self.layer, self.data = path, rel, layer, data
        self.found = []
        self.function = ""
        self.macros = []  # byte ranges of macro expansions in this file

    def text(self, start, end):
        return self.data[start:end].decode()

    def add(self, op, start, end, replacement, line):
        original = self.text(start, end)
        if original == replacement:
            return
        self.found.append(Mutant("", self.rel, self.layer, op, line, self.function, start, end,
                                 original, replacement))

    def in_file(self, cursor):
        f = cursor.location.file
        return f is not None and f.name == self.path

    def sane(self, cursor):
        """The cursor's extent is real text of this file, not part of a macro
        expansion (whose pieces all point at the macro's name)."""
        e = cursor.extent
        if not (e.start.file is not None and e.start.file.name == self.path
                and e.end.file is not None and e.end.file.name == self.path
                and 0 <= e.start.offset < e.end.offset <= len(self.data)):
            return False
        s, t = e.start.offset, e.end.offset
        return not any(ms <= s and t <= me for ms, me in self.macros)

    def walk(self, cursor):
        for child in cursor.get_children():
            if child.location.file is not None and child.location.file.name != self.path:
                continue
            self.visit(child)

    def visit(self, c):
        if c.kind in (CK.FUNCTION_DECL, CK.CXX_METHOD, CK.CONSTRUCTOR, CK.DESTRUCTOR,
                      CK.FUNCTION_TEMPLATE, CK.LAMBDA_EXPR):
            if c.spelling in UNOBSERVABLE_FUNCTIONS:
                return
            outer = self.function
            if c.kind != CK.LAMBDA_EXPR:
                self.function = c.spelling
            self.walk(c)
            self.function = outer
            return
        if c.kind == CK.STATIC_ASSERT or self.unobservable(c):
            return
        if c.kind == CK.IF_STMT and self.guarded_by_defect(c):
            return
        if not self.sane(c):
            # A macro expansion: its pieces have no text of their own here.
            return
        if c.kind == CK.COMPOUND_STMT:
            self.statements(c)
        elif c.kind in (CK.IF_STMT, CK.WHILE_STMT, CK.FOR_STMT):
            self.condition(c)
            # A branch or loop body without braces is a statement too.
            parts = list(c.get_children())
            for body in (parts[1:] if c.kind == CK.IF_STMT else parts[-1:]):
                self.removal(body)
        elif c.kind == CK.BINARY_OPERATOR:
            self.binary(c)
        elif c.kind == CK.UNARY_OPERATOR:
            self.unary(c)
        elif c.kind == CK.INTEGER_LITERAL:
            self.literal(c)
        elif c.kind == CK.CALL_EXPR:
            self.swap(c)
        self.walk(c)

    def unobservable(self, c):
        """A call whose effect no protocol operation can see, or an
        expression statement that is one."""
        if c.kind == CK.UNEXPOSED_EXPR:
            inner = list(c.get_children())
            c = inner[0] if len(inner) == 1 else c
        return c.kind == CK.CALL_EXPR and c.spelling in UNOBSERVABLE_CALLS

    def guarded_by_defect(self, c):
        children = list(c.get_children())
        return bool(children) and "defects::on" in self.extent_text(children[0])

    def extent_text(self, c):
        e = c.extent
        if e.start.file is None or e.start.file.name != self.path:
            return ""
        return self.text(e.start.offset, e.end.offset)

    def statements(self, block):
        for s in block.get_children():
            e = s.extent
            if e.start.file is None or e.start.file.name != self.path:
                continue
            start, end, line = e.start.offset, e.end.offset, e.start.line
            if CHECK_MACRO.match(self.text(start, end)):
                self.add("skip-check", start, end, "", line)
                continue
            if not self.sane(s) or self.unobservable(s) or (
                    s.kind == CK.IF_STMT and self.guarded_by_defect(s)):
                continue
            if s.kind == CK.IF_STMT and self.returning_if(s):
                self.add("skip-check", start, end, "{}", line)
            else:
                self.removal(s)

    def removal(self, s):
        """An expression statement removed (its ; stays: an empty statement)."""
        if not s.kind.is_expression() or s.kind in (CK.DECL_REF_EXPR, CK.INTEGER_LITERAL):
            return
        if self.sane(s):
            self.add("remove", s.extent.start.offset, s.extent.end.offset, "",
                     s.extent.start.line)

    def returning_if(self, s):
        parts = list(s.get_children())
        if len(parts) != 2:  # an else branch: removing it is not a skipped check
            return False
        return any(d.kind == CK.RETURN_STMT for d in parts[1].walk_preorder())

    def condition(self, c):
        parts = list(c.get_children())
        if not parts:
            return
        if c.kind == CK.FOR_STMT:
            cond = [p for p in parts if p.kind.is_expression()]
            if len(cond) < 1:
                return
            target = cond[0]
        else:
            target = parts[0]
            if target.kind == CK.DECL_STMT or target.kind == CK.VAR_DECL:
                return  # if (auto x = ...; ...) and if (T x = ...): no plain condition
        if not self.sane(target):
            return
        start, end = target.extent.start.offset, target.extent.end.offset
        self.add("negate", start, end, "!(" + self.text(start, end) + ")",
                 target.extent.start.line)

    def operator_token(self, c):
        """The binary operator token between the two operands of |c|."""
        parts = list(c.get_children())
        if len(parts) != 2 or not all(self.sane(p) for p in parts):
            return None
        lhs_end, rhs_start = parts[0].extent.end.offset, parts[1].extent.start.offset
        for t in c.get_tokens():
            o = t.extent.start.offset
            if lhs_end <= o < rhs_start and t.kind == cindex.TokenKind.PUNCTUATION:
                return t
        return None

    def binary(self, c):
        t = self.operator_token(c)
        if t is None:
            return
        s, e, line = t.extent.start.offset, t.extent.end.offset, t.extent.start.line
        op = t.spelling
        for table, name in ((BOUNDARY, "boundary"), (EQUALITY, "equality"), (LOGIC, "logic")):
            if op in table:
                self.add(name, s, e, table[op], line)
        if op in ARITH and c.type.get_canonical().kind in INTEGER_TYPES:
            self.add("arith", s, e, ARITH[op], line)

    def unary(self, c):
        tokens = list(c.get_tokens())
        if not tokens or tokens[0].spelling != "!":
            return
        t = tokens[0]
        if t.extent.start.offset != c.extent.start.offset:
            return
        self.add("not", t.extent.start.offset, t.extent.end.offset, "", t.extent.start.line)

    def literal(self, c):
        raw = self.extent_text(c)
        m = re.fullmatch(r"(0[xX][0-9a-fA-F']+|[0-9']+)([uUlL]*)", raw)
        if not m:
            return
        digits = m.group(1).replace("'", "")
        value = int(digits, 16) if digits.lower().startswith("0x") else int(digits, 10)
        if len(digits) > 1 and digits.startswith("0") and not digits.lower().startswith("0x"):
            return  # octal: leave it
        s, e, line = c.extent.start.offset, c.extent.end.offset, c.extent.start.line

        def spell(v):  # in the literal's own base and case
            if not digits.lower().startswith("0x"):
                return f"{v}{m.group(2)}"
            body = f"{v:0{len(digits) - 2}x}"
            return digits[:2] + (body.upper() if digits[2:] != digits[2:].lower() else body) \
                + m.group(2)
        self.add("const", s, e, spell(value + 1), line)
        if value > 0:
            self.add("const", s, e, spell(value - 1), line)

    def swap(self, c):
        args = list(c.get_arguments())
        if len(args) < 2 or not all(self.sane(a) for a in args[:2]):
            return
        a, b = args[0], args[1]
        if a.type.get_canonical().spelling != b.type.get_canonical().spelling:
            return
        ta, tb = self.extent_text(a), self.extent_text(b)
        if not ta or not tb or ta == tb:
            return
        s, e = a.extent.start.offset, b.extent.end.offset
        between = self.text(a.extent.end.offset, b.extent.start.offset)
        if between.strip() != ",":
            return
        self.add("swap-args", s, e, tb + between + ta, a.extent.start.line)


def _stable_ids(mutants, stem):
    """ids from what a mutant changes and in which function, numbered when
    the same change occurs more than once there: they survive edits elsewhere
    in the file, unlike line numbers."""
    seen = {}
    for m in mutants:
        key = (m.path, m.function, m.operator, m.original, m.replacement)
        n = seen.get(key, 0)
        seen[key] = n + 1
        digest = hashlib.sha256(repr(key + (n,)).encode()).hexdigest()[:8]
        m.id = f"{stem}-{digest}"
    return mutants


def mutants_of(path, rel, layer, compile_entry, resource_dir):
    """Every mutant of the source file |path| (|rel| in the report)."""
    with open(path, "rb") as f:
        data = f.read()
    args = _compile_args(compile_entry) + ["-x", "c++", "-resource-dir", resource_dir]
    tu = cindex.Index.create().parse(
        path, args=args, options=cindex.TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD)
    errors = [d for d in tu.diagnostics if d.severity >= cindex.Diagnostic.Error]
    if errors:
        raise RuntimeError(f"{rel}: clang cannot parse it: {errors[0]}")
    w = _Walker(path, rel, layer, data)
    w.macros = [(c.extent.start.offset, c.extent.end.offset) for c in tu.cursor.get_children()
                if c.kind == CK.MACRO_INSTANTIATION and c.location.file is not None
                and c.location.file.name == path]
    w.walk(tu.cursor)
    # One mutant per (range, replacement): the walk can meet a node twice.
    unique = {}
    for m in w.found:
        unique.setdefault((m.start, m.end, m.replacement), m)
    ordered = sorted(unique.values(), key=lambda m: (m.start, m.end, m.operator, m.replacement))
    stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return _stable_ids(ordered, stem)
