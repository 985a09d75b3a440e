"""The XLSForm expression language: a small XPath 1.0 subset, parsed, never `eval`-ed."""

from survey_app.xlsform.xpath.errors import ExpressionError
from survey_app.xlsform.xpath.nodes import Node
from survey_app.xlsform.xpath.parser import parse

__all__ = ["ExpressionError", "Node", "parse"]
